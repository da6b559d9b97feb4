import type { Sql } from "@/lib/db/sql";
import { BLOCK_SIZES, CHUNK_MAX, decodeFloats, decodeSteps, encodeChunk } from "@/lib/metrics/chunk-codec";

export const BLOCK_COLUMNS = BLOCK_SIZES.map((size) => `blocks_${size}`);
import { mergeSeries, type SeriesPoints } from "./batch-series";

/**
 * Chunks smaller than this are a key's "small tail": appends that small (a client flushing every
 * few steps, MLflow's log-batch) are inserted as chunks of their own, without rewriting anything,
 * until the small tail holds this many points or TAIL_MAX_CHUNKS chunks; then the tail and the new
 * points are rewritten as one chunk. Each point is so written about twice, however small the
 * batches, and a key has at most TAIL_MAX_CHUNKS small chunks for reads to visit.
 */
const SMALL_CHUNK = 4096;
const TAIL_MAX_CHUNKS = 32;

interface ChunkRef {
  key: string;
  step_lo: string | number | bigint;
  step_hi: string | number | bigint;
  /** Points and start of the key's trailing chunks that are all smaller than SMALL_CHUNK (0 and null when none). */
  tail_n: number;
  tail_count: number;
  tail_lo: string | number | bigint | null;
}

/**
 * Writes each key's new points, keeping the invariant that a (run, key)'s chunks never overlap:
 * a write into an existing step range is merged with those chunks (new values win); an append
 * either adds a chunk or compacts the key's small tail with it (see SMALL_CHUNK).
 */
export async function writeSeries(tx: Sql, runId: string, series: Map<string, SeriesPoints>): Promise<void> {
  const keys = [...series.keys()];
  const his = keys.map((k) => lastStep(series.get(k)!));
  // For each key, the last chunk starting at or before the new data's end (append or overlap?) and its small tail, in one round trip.
  const prevRows = await tx.query<ChunkRef>(
    `SELECT q.key, c.step_lo, c.step_hi, t.tail_n, t.tail_count, t.tail_lo
       FROM unnest($2::text[], $3::bigint[]) AS q(key, hi)
       CROSS JOIN LATERAL (SELECT step_lo, step_hi FROM metric_chunks m
                            WHERE m.run_id = $1 AND m.key = q.key AND m.step_lo <= q.hi
                            ORDER BY m.step_lo DESC LIMIT 1) c
       CROSS JOIN LATERAL (SELECT COALESCE(sum(n), 0)::int AS tail_n, count(*)::int AS tail_count, min(step_lo) AS tail_lo
                             FROM (SELECT n, step_lo, bool_and(n < $4) OVER (ORDER BY step_lo DESC) AS small
                                     FROM (SELECT n, step_lo FROM metric_chunks m WHERE m.run_id = $1 AND m.key = q.key
                                            ORDER BY step_lo DESC LIMIT $5) last) w
                            WHERE small) t`,
    [runId, keys, his.map(String), SMALL_CHUNK, TAIL_MAX_CHUNKS + 1],
  );
  const prev = new Map(prevRows.map((r) => [r.key, r]));
  const rows: unknown[][] = [];
  const compact: { key: string; lo: string; pts: SeriesPoints }[] = [];
  for (const [key, pts] of series) {
    const p = prev.get(key);
    if (p && Number(p.step_hi) >= pts.steps[0]) {
      const merged = await mergeWithStored(tx, runId, key, pts, `step_lo <= $3 AND step_hi >= $4`, [lastStep(pts), pts.steps[0]]);
      rows.push(...chunkRows(runId, key, merged));
    } else if (p && p.tail_lo !== null && p.tail_n > 0 && (p.tail_n + pts.steps.length >= SMALL_CHUNK || p.tail_count >= TAIL_MAX_CHUNKS)) {
      compact.push({ key, lo: String(p.tail_lo), pts });
    } else {
      rows.push(...chunkRows(runId, key, pts));
    }
  }
  if (compact.length) rows.push(...(await compactTails(tx, runId, compact)));
  await insertChunks(tx, rows);
}

/** Deletes the small tails of several keys in one statement and returns the rows of each tail merged with its new points. */
async function compactTails(tx: Sql, runId: string, tails: { key: string; lo: string; pts: SeriesPoints }[]): Promise<unknown[][]> {
  const stored = await tx.query<{ key: string; step_lo: string; n: number; steps: Uint8Array; vals: Uint8Array }>(
    `DELETE FROM metric_chunks m USING unnest($2::text[], $3::bigint[]) AS q(key, lo)
      WHERE m.run_id = $1 AND m.key = q.key AND m.step_lo >= q.lo
      RETURNING m.key, m.step_lo, m.n, m.steps, m.vals`,
    [runId, tails.map((t) => t.key), tails.map((t) => t.lo)],
  );
  const byKey = new Map<string, typeof stored>();
  for (const c of stored) (byKey.get(c.key) ?? byKey.set(c.key, []).get(c.key)!).push(c);
  return tails.flatMap(({ key, pts }) => chunkRows(runId, key, mergeSeries(decodeSorted(byKey.get(key) ?? []), pts)));
}

/**
 * Inserts each key's points as new chunks without reading the stored ones: for a caller that knows
 * they all come after every stored point of their key (an import appending a log's chunks).
 */
export async function appendSeries(tx: Sql, runId: string, series: Map<string, SeriesPoints>): Promise<void> {
  await insertChunks(
    tx,
    [...series].flatMap(([key, pts]) => chunkRows(runId, key, pts)),
  );
}

/** Reads, deletes and merges the stored chunks matching `where`; returns them merged with the new points. */
async function mergeWithStored(tx: Sql, runId: string, key: string, pts: SeriesPoints, where: string, params: unknown[]): Promise<SeriesPoints> {
  const stored = await tx.query<{ step_lo: string; n: number; steps: Uint8Array; vals: Uint8Array }>(
    `DELETE FROM metric_chunks WHERE run_id = $1 AND key = $2 AND ${where} RETURNING step_lo, n, steps, vals`,
    [runId, key, ...params],
  );
  return mergeSeries(decodeSorted(stored), pts);
}

/** Stored chunks of one key (non-overlapping) decoded into one sorted series. */
function decodeSorted(stored: { step_lo: string; n: number; steps: Uint8Array; vals: Uint8Array }[]): SeriesPoints {
  stored.sort((a, b) => Number(a.step_lo) - Number(b.step_lo));
  let older: SeriesPoints = { steps: new Float64Array(0), values: new Float64Array(0) };
  for (const c of stored) {
    const next = { steps: decodeSteps(c.steps, c.n), values: decodeFloats(c.vals) };
    older = older.steps.length ? mergeSeries(older, next) : next;
  }
  return older;
}

/** The rows of a key's points, cut into chunks of at most CHUNK_MAX. */
function chunkRows(runId: string, key: string, pts: SeriesPoints): unknown[][] {
  const rows: unknown[][] = [];
  for (let start = 0; start < pts.steps.length; start += CHUNK_MAX) {
    const end = Math.min(pts.steps.length, start + CHUNK_MAX);
    rows.push(chunkRow(runId, key, pts.steps.subarray(start, end), pts.values.subarray(start, end)));
  }
  return rows;
}

function chunkRow(runId: string, key: string, steps: Float64Array, values: Float64Array): unknown[] {
  const c = encodeChunk(steps, values);
  const s = c.stats;
  const big = (v: number | null) => (v === null ? null : String(v));
  return [runId, key, big(s.stepLo), big(s.stepHi), s.n, c.steps, c.vals, ...c.blocks, s.min, big(s.minStep), s.max, big(s.maxStep), s.last, s.nonFinite];
}

const COLS = 17;

async function insertChunks(tx: Sql, rows: unknown[][]): Promise<void> {
  // Bounded statements: many small chunks go in a few multi-row INSERTs, not one per chunk.
  for (let i = 0; i < rows.length; i += 64) {
    const part = rows.slice(i, i + 64);
    const values = part.map((_, r) => `(${Array.from({ length: COLS }, (_, c) => `$${r * COLS + c + 1}`).join(",")})`).join(",");
    await tx.query(
      `INSERT INTO metric_chunks (run_id, key, step_lo, step_hi, n, steps, vals, ${BLOCK_COLUMNS.join(", ")}, vmin, vmin_step, vmax, vmax_step, vlast, non_finite)
       VALUES ${values}`,
      part.flat(),
    );
  }
}

const lastStep = (s: SeriesPoints) => s.steps[s.steps.length - 1];
