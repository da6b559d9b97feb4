import type { Sql } from "@/lib/db/sql";
import { BucketAggregator, type BucketedSeries } from "@/lib/metrics/bucket-aggregator";
import { BLOCK, BLOCK_L2, decodeFloats, decodeSteps } from "@/lib/metrics/chunk-codec";

/** Resolution a chunk is read at: 0 raw values, 1 per-64 blocks, 2 per-1024 blocks. */
type Level = 0 | 1 | 2;

interface ChunkMeta {
  key: string;
  step_lo: string;
  step_hi: string;
  n: number;
}

export interface RawSeries {
  steps: number[];
  values: number[];
}

export type StepSeries = (BucketedSeries & { downsampled: true }) | (RawSeries & { count: number; downsampled: false });

/**
 * Reads the given keys of a run over the step range [lo, hi]. With maxPoints > 0 and more points
 * than that in range, each key is downsampled into maxPoints buckets; chunks lying wholly inside the
 * range are read at the coarsest block level that still has ≥ 2 blocks per bucket, so the cost
 * grows with the points drawn, not the points stored.
 */
export async function readStepSeries(
  sql: Sql,
  opts: { runId: string; keys: string[]; lo: number; hi: number; maxPoints: number },
): Promise<Map<string, StepSeries>> {
  const { runId, keys, lo, hi, maxPoints } = opts;
  const metas = await sql.query<ChunkMeta>(
    `SELECT key, step_lo, step_hi, n FROM metric_chunks
      WHERE run_id = $1 AND key = ANY($2::text[]) AND step_hi >= $3 AND step_lo <= $4 ORDER BY key, step_lo`,
    [runId, keys, String(lo), String(hi)],
  );
  const byKey = new Map<string, ChunkMeta[]>();
  for (const m of metas) (byKey.get(m.key) ?? byKey.set(m.key, []).get(m.key)!).push(m);

  const plan: { key: string; stepLo: string; level: Level }[] = [];
  const downsample = new Map<string, boolean>();
  for (const [key, chunks] of byKey) {
    const upperBound = chunks.reduce((s, c) => s + c.n, 0);
    // Steps are unique integers: a range narrower than maxPoints cannot need downsampling.
    const ds = maxPoints > 0 && upperBound > maxPoints && hi - lo + 1 > maxPoints;
    downsample.set(key, ds);
    const bucketWidth = (hi - lo + 1) / Math.max(1, maxPoints);
    for (const c of chunks) plan.push({ key, stepLo: c.step_lo, level: ds ? levelFor(c, lo, hi, bucketWidth) : 0 });
  }
  const rows = plan.length
    ? await sql.query<{ key: string; n: number; lvl: Level; steps: Uint8Array | null; vals: Uint8Array | null; blocks: Uint8Array | null }>(
        `SELECT m.key, m.n, q.lvl,
                CASE WHEN q.lvl = 0 THEN m.steps END AS steps,
                CASE WHEN q.lvl = 0 THEN m.vals END AS vals,
                CASE WHEN q.lvl = 1 THEN m.blocks WHEN q.lvl = 2 THEN m.blocks_l2 END AS blocks
           FROM unnest($2::text[], $3::bigint[], $4::int[]) AS q(key, step_lo, lvl)
           JOIN metric_chunks m ON m.run_id = $1 AND m.key = q.key AND m.step_lo = q.step_lo
          ORDER BY m.key, m.step_lo`,
        [runId, plan.map((p) => p.key), plan.map((p) => p.stepLo), plan.map((p) => p.level)],
      )
    : [];

  const out = new Map<string, StepSeries>();
  const aggs = new Map<string, BucketAggregator>();
  for (const r of rows) {
    if (downsample.get(r.key)) {
      const agg = aggs.get(r.key) ?? aggs.set(r.key, new BucketAggregator(lo, hi, maxPoints)).get(r.key)!;
      if (r.blocks) agg.addBlocks(decodeFloats(r.blocks));
      else forEachInRange(r.steps!, r.vals!, r.n, lo, hi, (s, v) => agg.addPoint(s, v));
    } else {
      let s = out.get(r.key) as (RawSeries & { count: number; downsampled: false }) | undefined;
      if (!s) out.set(r.key, (s = { steps: [], values: [], count: 0, downsampled: false }));
      const target = s;
      forEachInRange(r.steps!, r.vals!, r.n, lo, hi, (st, v) => {
        target.steps.push(st);
        target.values.push(v);
      });
      target.count = target.steps.length;
    }
  }
  for (const [key, agg] of aggs) out.set(key, { ...agg.result(), downsampled: true });
  return out;
}

function levelFor(c: ChunkMeta, lo: number, hi: number, bucketWidth: number): Level {
  const cLo = Number(c.step_lo), cHi = Number(c.step_hi);
  if (cLo < lo || cHi > hi) return 0; // edge chunks are read raw so the range cut is exact
  const pointsPerBucket = (bucketWidth * c.n) / (cHi - cLo + 1);
  if (pointsPerBucket >= 2 * BLOCK_L2) return 2;
  if (pointsPerBucket >= 2 * BLOCK) return 1;
  return 0;
}

function forEachInRange(stepsBytes: Uint8Array, valsBytes: Uint8Array, n: number, lo: number, hi: number, fn: (step: number, v: number) => void) {
  const steps = decodeSteps(stepsBytes, n);
  const vals = decodeFloats(valsBytes);
  for (let i = 0; i < n; i++) if (steps[i] >= lo && steps[i] <= hi) fn(steps[i], vals[i]);
}

/** Step range of the given keys in a run (null when nothing is stored). */
export async function stepExtent(sql: Sql, runId: string, keys: string[]): Promise<{ lo: number; hi: number } | null> {
  const r = await sql.query<{ lo: string | null; hi: string | null }>(
    `SELECT min(step_lo) AS lo, max(step_hi) AS hi FROM metric_chunks WHERE run_id = $1 AND key = ANY($2::text[])`,
    [runId, keys],
  );
  return r[0]?.lo == null ? null : { lo: Number(r[0].lo), hi: Number(r[0].hi) };
}
