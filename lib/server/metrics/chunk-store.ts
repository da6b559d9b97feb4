import "server-only";
import type { Sql } from "@/lib/db/sql";
import { BLOCK_SIZES, CHUNK_MAX, decodeFloats, decodeSteps, encodeChunk, type ChunkStats, type EncodedChunk } from "@/lib/metrics/chunk-codec";
import { encodeSums, smoothedBlockSums, STORED_EMA_HISTORY, storedEma, SUMS_COLUMNS } from "@/lib/metrics/stored-ema";
import { upperBound } from "@/lib/sorted-search";
import { concatArrays } from "@/lib/typed-arrays";
import { mergeSeries, type SeriesPoints } from "./batch-series";

export const BLOCK_COLUMNS = BLOCK_SIZES.map((size) => `blocks_${size}`);

/**
 * Chunks smaller than this are a key's "small tail": appends that small (a client flushing every
 * few steps, MLflow's log-batch) are inserted as chunks of their own, without rewriting anything,
 * until the small tail holds this many points or TAIL_MAX_CHUNKS chunks; then the tail and the new
 * points are rewritten as one chunk. Each point is so written about twice, however small the
 * batches, and a key has at most TAIL_MAX_CHUNKS small chunks for reads to visit.
 */
const SMALL_CHUNK = 4096;
const TAIL_MAX_CHUNKS = 32;

/** A key's small tail: its points and chunks. */
export interface SmallTail {
  tail_n: number;
  tail_count: number;
}

/** Whether appending n points to a key compacts its small tail with them (else they are a chunk of their own). */
export function compactsTail(t: SmallTail, n: number): boolean {
  return t.tail_n > 0 && (t.tail_n + n >= SMALL_CHUNK || t.tail_count >= TAIL_MAX_CHUNKS);
}

/** A key's small tail after chunks of these sizes are appended to it, in order. */
export function tailAfter(t: SmallTail, sizes: number[]): SmallTail {
  let { tail_n, tail_count } = t;
  for (const n of sizes) {
    const small = n < SMALL_CHUNK;
    tail_n = small ? tail_n + n : 0;
    tail_count = small ? tail_count + 1 : 0;
  }
  return { tail_n, tail_count };
}

/** Per q.key: the small tail of run $1's key (tail_n, tail_count, tail_lo); parameters `small` = SMALL_CHUNK, `limit` = TAIL_MAX_CHUNKS + 1. */
const tailLateral = (
  small: number,
  limit: number,
) => `CROSS JOIN LATERAL (SELECT COALESCE(sum(n), 0)::int AS tail_n, count(*)::int AS tail_count, min(step_lo) AS tail_lo
                             FROM (SELECT n, step_lo, bool_and(n < $${small}) OVER (ORDER BY step_lo DESC) AS small
                                     FROM (SELECT n, step_lo FROM metric_chunks m WHERE m.run_id = $1 AND m.key = q.key
                                            ORDER BY step_lo DESC LIMIT $${limit}) last) w
                            WHERE small) t`;

/** The small tails of a run's keys (keys without chunks have an empty one). */
export async function readTails(tx: Sql, runId: string, keys: string[]): Promise<Map<string, SmallTail>> {
  const rows = await tx.query<SmallTail & { key: string }>(`SELECT q.key, t.tail_n, t.tail_count FROM unnest($2::text[]) AS q(key) ${tailLateral(3, 4)}`, [
    runId,
    keys,
    SMALL_CHUNK,
    TAIL_MAX_CHUNKS + 1,
  ]);
  return new Map(rows.map((r) => [r.key, { tail_n: r.tail_n, tail_count: r.tail_count }]));
}

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
       ${tailLateral(4, 5)}`,
    [runId, keys, his.map(String), SMALL_CHUNK, TAIL_MAX_CHUNKS + 1],
  );
  const prev = new Map(prevRows.map((r) => [r.key, r]));
  // Each key's points as they will be stored: merged with what they overlap or compact, or as they are.
  const written = new Map<string, SeriesPoints>();
  const compact: { key: string; lo: string; pts: SeriesPoints }[] = [];
  for (const [key, pts] of series) {
    const p = prev.get(key);
    if (p && Number(p.step_hi) >= pts.steps[0]) {
      written.set(key, await mergeWithStored(tx, runId, key, pts, `step_lo <= $3 AND step_hi >= $4`, [lastStep(pts), pts.steps[0]]));
    } else if (p && p.tail_lo !== null && compactsTail(p, pts.steps.length)) {
      compact.push({ key, lo: String(p.tail_lo), pts });
    } else {
      written.set(key, pts);
    }
  }
  if (compact.length) for (const [key, merged] of await compactTails(tx, runId, compact)) written.set(key, merged);
  const history = await historyBefore(
    tx,
    runId,
    [...written].filter(([key]) => smoothedKey(key)).map(([key, pts]) => [key, pts.steps[0]]),
  );
  await insertChunks(tx, runId, written, history);
  await forgetFollowingSmoothing(
    tx,
    runId,
    [...written]
      .filter(([key]) => smoothedKey(key))
      .map(([key, merged]) => [key, lastStep(merged), merged.steps.length - upperBound(merged.steps, lastStep(series.get(key)!))]),
  );
}

/** Deletes the small tails of several keys in one statement and returns each tail merged with its new points. */
async function compactTails(tx: Sql, runId: string, tails: { key: string; lo: string; pts: SeriesPoints }[]): Promise<Map<string, SeriesPoints>> {
  const stored = await tx.query<{ key: string; step_lo: string; n: number; steps: Uint8Array; vals: Uint8Array }>(
    `DELETE FROM metric_chunks m USING unnest($2::text[], $3::bigint[]) AS q(key, lo)
      WHERE m.run_id = $1 AND m.key = q.key AND m.step_lo >= q.lo
      RETURNING m.key, m.step_lo, m.n, m.steps, m.vals`,
    [runId, tails.map((t) => t.key), tails.map((t) => t.lo)],
  );
  const byKey = new Map<string, typeof stored>();
  for (const c of stored) (byKey.get(c.key) ?? byKey.set(c.key, []).get(c.key)!).push(c);
  return new Map(tails.map(({ key, pts }) => [key, mergeSeries(decodeSorted(byKey.get(key) ?? []), pts)]));
}
/**
 * Inserts each key's points as new chunks without reading the stored ones: for a caller that knows
 * they all come after every stored point of their key (an import appending a log's chunks).
 * `tails` carries each key's last raw values from one call to the next (the stored smoothing's
 * history); a key without one has its history read.
 */
export async function appendSeries(tx: Sql, runId: string, series: Map<string, SeriesPoints>, tails: Map<string, Float64Array>): Promise<void> {
  const unknown = [...series].filter(([key]) => smoothedKey(key) && !tails.has(key)).map(([key, pts]): [string, number] => [key, pts.steps[0]]);
  for (const [key, tail] of await historyBefore(tx, runId, unknown)) tails.set(key, tail);
  await insertChunks(tx, runId, series, tails);
  for (const [key, pts] of series) {
    if (!smoothedKey(key)) continue;
    const values = pts.values.length >= STORED_EMA_HISTORY ? pts.values : concatArrays(Float64Array, [tails.get(key)!, pts.values]);
    tails.set(key, lastValues(values));
  }
}

/** Reserved keys (epoch, time) are axes, never smoothed. */
export const smoothedKey = (key: string) => !key.startsWith("_");

/** A copy, so a tail kept between writes doesn't hold a whole chunk's buffer. */
export const lastValues = (a: Float64Array) => a.slice(Math.max(0, a.length - STORED_EMA_HISTORY));

/** For each (key, step): the raw values of the last STORED_EMA_HISTORY points stored before that step. */
export async function historyBefore(tx: Sql, runId: string, firsts: [string, number][]): Promise<Map<string, Float64Array>> {
  const out = new Map<string, Float64Array>();
  if (!firsts.length) return out;
  // The latest chunks before the step, as few as hold enough points, each only its last values.
  const rows = await tx.query<{ key: string; step_lo: string; tail: Uint8Array }>(
    `SELECT q.key, c.step_lo, substring(c.vals FROM greatest(1, octet_length(c.vals) - $4::int * 8 + 1)) AS tail
       FROM unnest($2::text[], $3::bigint[]) AS q(key, first)
       CROSS JOIN LATERAL (
         SELECT step_lo, vals, sum(n) OVER (ORDER BY step_lo DESC) - n AS later
           FROM (SELECT step_lo, n, vals FROM metric_chunks m WHERE m.run_id = $1 AND m.key = q.key AND m.step_lo < q.first
                  ORDER BY m.step_lo DESC LIMIT $4) recent) c
      WHERE c.later < $4`,
    [runId, firsts.map(([k]) => k), firsts.map(([, s]) => String(s)), STORED_EMA_HISTORY],
  );
  rows.sort((a, b) => Number(a.step_lo) - Number(b.step_lo));
  for (const [key] of firsts)
    out.set(
      key,
      lastValues(
        concatArrays(
          Float64Array,
          rows.filter((r) => r.key === key).map((r) => decodeFloats(r.tail)),
        ),
      ),
    );
  return out;
}

/**
 * A write changes the stored smoothing of the STORED_EMA_HISTORY points after it: the sums of the
 * chunks after the rewritten ones that start within that many points of the write's last step are
 * dropped, to be computed again when read. For each key: the last rewritten step, and how many
 * rewritten points (kept from before) follow the write's own last point.
 */
async function forgetFollowingSmoothing(tx: Sql, runId: string, written: [string, number, number][]): Promise<void> {
  if (!written.length) return;
  await tx.query(
    `DELETE FROM metric_chunk_ema e USING (
       SELECT q.key, c.step_lo FROM unnest($2::text[], $3::bigint[], $4::int[]) AS q(key, last, after)
        CROSS JOIN LATERAL (
          SELECT step_lo, sum(n) OVER (ORDER BY step_lo) - n AS earlier
            FROM (SELECT step_lo, n FROM metric_chunks m WHERE m.run_id = $1 AND m.key = q.key AND m.step_lo > q.last
                   ORDER BY m.step_lo LIMIT $5) next) c
        WHERE q.after + c.earlier < $5) f
      WHERE e.run_id = $1 AND e.key = f.key AND e.step_lo = f.step_lo`,
    [runId, written.map(([k]) => k), written.map(([, last]) => String(last)), written.map(([, , after]) => after), STORED_EMA_HISTORY],
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

/** Rows to insert: chunks, their stored smoothing, and each key's chunk stats in step order. */
export interface ChunkRows {
  chunks: unknown[][];
  ema: unknown[][];
  stats: Map<string, ChunkStats[]>;
}

/** Each key's points cut into chunks of at most CHUNK_MAX: the chunk rows, and the stored smoothing's rows (for keys with a history). */
export function chunkRows(runId: string, series: Map<string, SeriesPoints>, history: Map<string, Float64Array>): ChunkRows {
  const out: ChunkRows = { chunks: [], ema: [], stats: new Map() };
  for (const [key, pts] of series) {
    const before = history.get(key);
    const smoothed = before && storedEma(before, pts.values);
    const stats: ChunkStats[] = [];
    out.stats.set(key, stats);
    for (let start = 0; start < pts.steps.length; start += CHUNK_MAX) {
      const end = Math.min(pts.steps.length, start + CHUNK_MAX);
      const c = encodeChunk(pts.steps.subarray(start, end), pts.values.subarray(start, end));
      out.chunks.push(chunkRow(runId, key, c));
      stats.push(c.stats);
      if (smoothed) {
        out.ema.push([runId, key, String(pts.steps[start]), ...encodeSums(smoothedBlockSums(smoothed.subarray(start, end)))]);
      }
    }
  }
  return out;
}

function chunkRow(runId: string, key: string, c: EncodedChunk): unknown[] {
  const s = c.stats;
  const big = (v: number | null) => (v === null ? null : String(v));
  return [runId, key, big(s.stepLo), big(s.stepHi), s.n, c.steps, c.vals, ...c.blocks, s.min, big(s.minStep), s.max, big(s.maxStep), s.last, s.nonFinite];
}

export const CHUNK_COLUMNS = `run_id, key, step_lo, step_hi, n, steps, vals, ${BLOCK_COLUMNS.join(", ")}, vmin, vmin_step, vmax, vmax_step, vlast, non_finite`;
/** SQL types of CHUNK_COLUMNS, for statements that cast their parameters. */
export const CHUNK_TYPES = [
  "text",
  "text",
  "bigint",
  "bigint",
  "int",
  "bytea",
  "bytea",
  ...BLOCK_COLUMNS.map(() => "bytea"),
  "float8",
  "bigint",
  "float8",
  "bigint",
  "float8",
  "int",
];
export const EMA_COLUMNS = `run_id, key, step_lo, ${SUMS_COLUMNS.join(", ")}`;
export const EMA_TYPES = ["text", "text", "bigint", ...SUMS_COLUMNS.map(() => "bytea")];

/** Inserts the chunk rows of `series`, then their stored smoothing (every key but the reserved ones has a history, empty at a series' start). */
async function insertChunks(tx: Sql, runId: string, series: Map<string, SeriesPoints>, history: Map<string, Float64Array>): Promise<void> {
  const { chunks, ema } = chunkRows(runId, series, history);
  await insertRows(tx, "metric_chunks", CHUNK_COLUMNS, chunks);
  await insertRows(tx, "metric_chunk_ema", EMA_COLUMNS, ema);
}

async function insertRows(tx: Sql, table: string, columns: string, rows: unknown[][]): Promise<void> {
  // Bounded statements: many small chunks go in a few multi-row INSERTs, not one per chunk.
  for (let i = 0; i < rows.length; i += 64) {
    const part = rows.slice(i, i + 64);
    const width = part[0].length;
    const values = part.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(",")})`).join(",");
    await tx.query(`INSERT INTO ${table} (${columns}) VALUES ${values}`, part.flat());
  }
}

const lastStep = (s: SeriesPoints) => s.steps[s.steps.length - 1];
