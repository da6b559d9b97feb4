import type { Sql } from "@/lib/db/sql";
import { BucketAggregator, type BucketedSeries } from "@/lib/metrics/bucket-aggregator";
import { BLOCK_SIZES, decodeFloats } from "@/lib/metrics/chunk-codec";
import { decodeChunkRowInto } from "./chunk-rows";
import { BLOCK_COLUMNS } from "./chunk-store";

export interface RawSeries {
  steps: number[];
  values: number[];
}

/** A whole chunk as decoded. */
export interface DecodedChunk {
  steps: Float64Array;
  values: Float64Array;
}

/**
 * Besides the points, a read reports how it got them: the chunks it decoded (whole, by first step:
 * smoothing reuses them), and, when downsampled, which chunks it took as block summaries (first
 * step → block size) — the others in range went in point by point. Smoothed values are bucketed the same way.
 */
interface ReadDetail {
  rawChunks: Map<number, DecodedChunk>;
}
export type DownsampledSeries = BucketedSeries & ReadDetail & { downsampled: true; blockLevels: Map<number, number> };
export type FullResolutionSeries = RawSeries & ReadDetail & { count: number; downsampled: false };
export type StepSeries = DownsampledSeries | FullResolutionSeries;

/**
 * Reads the given keys of a run over the step range [lo, hi]. With maxPoints > 0 and more points
 * than that in range, each key is downsampled into maxPoints buckets; chunks lying wholly inside the
 * range are read at the coarsest block level with at least one block per bucket, so the cost
 * grows with the points drawn, not the points stored. One query: the level is chosen in SQL, so
 * only the chosen column of each chunk leaves the table.
 */
export async function readStepSeries(
  sql: Sql,
  opts: {
    runId: string;
    keys: string[];
    lo: number;
    hi: number;
    maxPoints: number;
    pointsInRange?: Record<string, number>;
    /** Report each chunk's block level (`blockLevels`), which smoothing needs; costs a little on long runs. */
    withLevels?: boolean;
  },
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
  const rows = await sql.query<{
    key: string;
    n: number | null;
    first: number | null;
    steps: string | null;
    vals: string | null;
    blocks: string | null;
    block_chunks: number[] | null;
    block_levels: number[] | null;
  }>(
    `WITH picked AS MATERIALIZED (
       SELECT key, step_lo, lvl, CASE lvl ${BLOCK_SIZES.map((size, i) => `WHEN ${size} THEN ${BLOCK_COLUMNS[i]}`).join(" ")} END AS b
         FROM (SELECT key, step_lo, ${BLOCK_COLUMNS.join(", ")}, ${level} AS lvl
                 FROM metric_chunks WHERE run_id = $1 AND key = ANY($2::text[]) AND step_hi >= $3 AND step_lo <= $4 OFFSET 0) c)
     SELECT key, NULL::int AS n, NULL::float8 AS first, NULL::text AS steps, NULL::text AS vals,
            encode(string_agg(b, ''::bytea ORDER BY step_lo), 'base64') AS blocks,
            ${opts.withLevels ? "array_agg(step_lo::float8)" : "NULL::float8[]"} AS block_chunks,
            ${opts.withLevels ? "array_agg(lvl)" : "NULL::int[]"} AS block_levels
       FROM picked WHERE lvl > 0 GROUP BY key
     UNION ALL
     SELECT m.key, m.n, m.step_lo::float8, encode(m.steps, 'base64'), encode(m.vals, 'base64'), NULL::text, NULL::float8[], NULL::int[]
       FROM picked p JOIN metric_chunks m ON m.run_id = $1 AND m.key = p.key AND m.step_lo = p.step_lo
      WHERE p.lvl = 0`,
    [runId, keys, String(lo), String(hi), downsampled, bucketWidth],
  );
  // Raw chunks must arrive in step order per key (the summaries' order does not matter).
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || (a.first ?? -1) - (b.first ?? -1));

  const out = new Map<string, StepSeries>();
  const aggs = new Map<string, BucketAggregator>();
  const levels = new Map<string, Map<number, number>>();
  const decoded = new Map<string, Map<number, DecodedChunk>>();
  const decode = (r: (typeof rows)[number]): DecodedChunk => {
    const chunk = { steps: new Float64Array(r.n!), values: new Float64Array(r.n!) };
    decodeChunkRowInto({ n: r.n!, steps: r.steps!, vals: r.vals! }, chunk.steps, chunk.values, 0);
    const ofKey = decoded.get(r.key) ?? decoded.set(r.key, new Map()).get(r.key)!;
    ofKey.set(chunk.steps[0], chunk);
    return chunk;
  };
  for (const r of rows) {
    if (downsampled.includes(r.key)) {
      const agg = aggs.get(r.key) ?? aggs.set(r.key, new BucketAggregator(lo, hi, maxPoints)).get(r.key)!;
      if (r.blocks !== null) {
        agg.addBlocks(decodeFloats(Buffer.from(r.blocks, "base64")));
        if (r.block_chunks) levels.set(r.key, new Map(r.block_chunks.map((stepLo, i) => [Number(stepLo), Number(r.block_levels![i])])));
      } else forEachInRange(decode(r), lo, hi, (s, v) => agg.addPoint(s, v));
    } else {
      let s = out.get(r.key) as FullResolutionSeries | undefined;
      if (!s) out.set(r.key, (s = { steps: [], values: [], count: 0, downsampled: false, rawChunks: new Map() }));
      const target = s;
      forEachInRange(decode(r), lo, hi, (st, v) => {
        target.steps.push(st);
        target.values.push(v);
      });
      target.count = target.steps.length;
    }
  }
  for (const [key, agg] of aggs) out.set(key, { ...agg.result(), downsampled: true, blockLevels: levels.get(key) ?? new Map(), rawChunks: new Map() });
  for (const [key, chunks] of decoded) out.get(key)!.rawChunks = chunks;
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

function forEachInRange({ steps, values }: DecodedChunk, lo: number, hi: number, fn: (step: number, v: number) => void) {
  for (let i = 0; i < steps.length; i++) if (steps[i] >= lo && steps[i] <= hi) fn(steps[i], values[i]);
}

/** Step range of the given keys in a run (null when nothing is stored). */
export async function stepExtent(sql: Sql, runId: string, keys: string[]): Promise<{ lo: number; hi: number } | null> {
  const r = await sql.query<{ lo: string | null; hi: string | null }>(
    `SELECT min(step_lo) AS lo, max(step_hi) AS hi FROM metric_chunks WHERE run_id = $1 AND key = ANY($2::text[])`,
    [runId, keys],
  );
  return r[0]?.lo == null ? null : { lo: Number(r[0].lo), hi: Number(r[0].hi) };
}
