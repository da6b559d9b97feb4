import type { Sql } from "@/lib/db/sql";
import { BucketAggregator, type BucketedSeries } from "@/lib/metrics/bucket-aggregator";
import { BLOCK_SIZES, decodeFloats, decodeSteps } from "@/lib/metrics/chunk-codec";
import { BLOCK_COLUMNS } from "./chunk-store";

export interface RawSeries {
  steps: number[];
  values: number[];
}

export type StepSeries = (BucketedSeries & { downsampled: true }) | (RawSeries & { count: number; downsampled: false });

/**
 * Reads the given keys of a run over the step range [lo, hi]. With maxPoints > 0 and more points
 * than that in range, each key is downsampled into maxPoints buckets; chunks lying wholly inside the
 * range are read at the coarsest block level with at least one block per bucket, so the cost
 * grows with the points drawn, not the points stored. One query: the level is chosen in SQL, so
 * only the chosen column of each chunk leaves the table.
 */
export async function readStepSeries(
  sql: Sql,
  opts: { runId: string; keys: string[]; lo: number; hi: number; maxPoints: number; pointsInRange?: Record<string, number> },
): Promise<Map<string, StepSeries>> {
  const { runId, keys, lo, hi, maxPoints } = opts;
  const inRange = opts.pointsInRange ?? (await countInRange(sql, runId, keys, lo, hi));
  // Steps are unique integers: a range narrower than maxPoints cannot need downsampling.
  const downsampled = keys.filter((k) => maxPoints > 0 && (inRange[k] ?? 0) > maxPoints && hi - lo + 1 > maxPoints);
  const bucketWidth = (hi - lo + 1) / Math.max(1, maxPoints);
  // Points of this chunk per bucket; the coarsest block size not above it wins (0: read raw).
  const density = `n * $6::float8 / (step_hi - step_lo + 1)`;
  const sizes = [...BLOCK_SIZES].reverse();
  const level = `CASE WHEN NOT (key = ANY($5::text[])) OR step_lo < $3 OR step_hi > $4 THEN 0
                      ${sizes.map((size) => `WHEN ${density} >= ${size} THEN ${size}`).join(" ")} ELSE 0 END`;
  // One scan picks each chunk's level and, for summary levels, its blocks (MATERIALIZED keeps the
  // choice below the aggregate's sort, so the sort carries only the chosen summaries). Block
  // summaries are self-describing records, concatenated per key in SQL: one row per key however
  // many chunks a long run has. Chunks read raw are fetched by key from the same pick.
  // base64, not bytea: the driver's text protocol would ship hex, twice the bytes and slower to parse.
  const rows = await sql.query<{ key: string; n: number | null; steps: Uint8Array | null; vals: Uint8Array | null; blocks: string | null }>(
    `WITH picked AS MATERIALIZED (
       SELECT key, step_lo, lvl, CASE lvl ${BLOCK_SIZES.map((size, i) => `WHEN ${size} THEN ${BLOCK_COLUMNS[i]}`).join(" ")} END AS b
         FROM (SELECT key, step_lo, ${BLOCK_COLUMNS.join(", ")}, ${level} AS lvl
                 FROM metric_chunks WHERE run_id = $1 AND key = ANY($2::text[]) AND step_hi >= $3 AND step_lo <= $4 OFFSET 0) c)
     SELECT key, NULL::int AS n, NULL::bytea AS steps, NULL::bytea AS vals,
            encode(string_agg(b, ''::bytea ORDER BY step_lo), 'base64') AS blocks
       FROM picked WHERE lvl > 0 GROUP BY key
     UNION ALL
     SELECT m.key, m.n, m.steps, m.vals, NULL::text
       FROM picked p JOIN metric_chunks m ON m.run_id = $1 AND m.key = p.key AND m.step_lo = p.step_lo
      WHERE p.lvl = 0`,
    [runId, keys, String(lo), String(hi), downsampled, bucketWidth],
  );
  // Raw chunks must arrive in step order per key (the summaries' order does not matter).
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || firstStep(a) - firstStep(b));

  const out = new Map<string, StepSeries>();
  const aggs = new Map<string, BucketAggregator>();
  for (const r of rows) {
    if (downsampled.includes(r.key)) {
      const agg = aggs.get(r.key) ?? aggs.set(r.key, new BucketAggregator(lo, hi, maxPoints)).get(r.key)!;
      if (r.blocks !== null) agg.addBlocks(decodeFloats(Buffer.from(r.blocks, "base64")));
      else forEachInRange(r.steps!, r.vals!, r.n!, lo, hi, (s, v) => agg.addPoint(s, v));
    } else {
      let s = out.get(r.key) as (RawSeries & { count: number; downsampled: false }) | undefined;
      if (!s) out.set(r.key, (s = { steps: [], values: [], count: 0, downsampled: false }));
      const target = s;
      forEachInRange(r.steps!, r.vals!, r.n!, lo, hi, (st, v) => {
        target.steps.push(st);
        target.values.push(v);
      });
      target.count = target.steps.length;
    }
  }
  for (const [key, agg] of aggs) out.set(key, { ...agg.result(), downsampled: true });
  return out;
}

/** Points per key in [lo, hi], counting whole chunks (an upper bound at the range's edges). */
async function countInRange(sql: Sql, runId: string, keys: string[], lo: number, hi: number): Promise<Record<string, number>> {
  const rows = await sql.query<{ key: string; n: string | number }>(
    `SELECT key, sum(n) AS n FROM metric_chunks WHERE run_id = $1 AND key = ANY($2::text[]) AND step_hi >= $3 AND step_lo <= $4 GROUP BY key`,
    [runId, keys, String(lo), String(hi)],
  );
  return Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));
}

function firstStep(r: { n: number | null; steps: Uint8Array | null }): number {
  return r.steps ? decodeSteps(r.steps, 1)[0] : -1;
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
