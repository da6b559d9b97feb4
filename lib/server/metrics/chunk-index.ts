import "server-only";
import type { Sql } from "@/lib/db/sql";
import { StepRuns } from "@/lib/metrics/chunk-codec";
import type { IndexedChunk } from "@/lib/metrics/read-plan";

/** One series of a read: a key of a run over the steps [lo, hi]. */
export interface SeriesRange {
  runId: string;
  key: string;
  lo: number;
  hi: number;
}

/** A series' chunks in step order, and a version string that changes whenever any of them is rewritten. */
export interface KeyChunks {
  chunks: IndexedChunk[];
  version: string;
}

/** Step encodings up to this size come with the index: a regular run's are a few bytes. */
const INLINE_STEPS_BYTES = 64;

/**
 * The chunk lists of many series in one query (no values): step ranges, point counts, the steps of
 * regularly logged chunks, and whether the stored smoothing is there. Every write inserts new chunk
 * rows (a merge deletes and reinserts), so the rows' xmin — the transaction that wrote them —
 * versions the data.
 */
export async function readChunkIndex(sql: Sql, ranges: SeriesRange[], opts: { smoothed?: boolean } = {}): Promise<KeyChunks[]> {
  const out = ranges.map((): KeyChunks => ({ chunks: [], version: "" }));
  if (!ranges.length) return out;
  const smoothed = opts.smoothed ? `EXISTS (SELECT 1 FROM metric_chunk_ema e WHERE e.run_id = m.run_id AND e.key = m.key AND e.step_lo = m.step_lo)` : "false";
  const rows = await sql.query<{ i: number; lo: number; hi: number; n: number; xmin: string; steps: string | null; smoothed: boolean }>(
    `SELECT s.i::int AS i, m.step_lo::float8 AS lo, m.step_hi::float8 AS hi, m.n, m.xmin::text AS xmin,
            CASE WHEN octet_length(m.steps) <= ${INLINE_STEPS_BYTES} THEN encode(m.steps, 'base64') END AS steps, ${smoothed} AS smoothed
       FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) WITH ORDINALITY AS s(run_id, key, lo, hi, i)
       JOIN metric_chunks m ON m.run_id = s.run_id AND m.key = s.key AND m.step_lo <= s.hi AND m.step_hi >= s.lo
      ORDER BY s.i, m.step_lo`,
    [ranges.map((r) => r.runId), ranges.map((r) => r.key), ranges.map((r) => bigint(r.lo)), ranges.map((r) => bigint(r.hi))],
  );
  for (const r of rows) {
    const k = out[r.i - 1];
    const chunk: IndexedChunk = { stepLo: Number(r.lo), stepHi: Number(r.hi), n: r.n, smoothed: r.smoothed };
    if (r.steps !== null) chunk.steps = new StepRuns(Buffer.from(r.steps, "base64"), r.n);
    k.chunks.push(chunk);
    k.version += `${r.lo}-${r.hi}:${r.n}@${r.xmin};`;
  }
  return out;
}

/** Steps are non-negative integers below 2^53; a range end past them (±Infinity) is clamped. */
function bigint(v: number): string {
  return String(Math.max(-1, Math.min(Number.MAX_SAFE_INTEGER, Math.round(v))));
}
