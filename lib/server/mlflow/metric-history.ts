import "server-only";
import { LRUCache } from "lru-cache";
import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import { doesNotExist, invalidParam } from "@/lib/mlflow/errors";
import { decodePageToken, encodePageToken, maxResults } from "@/lib/mlflow/page-token";
import { TIME_KEY } from "@/lib/schemas/metrics";
import type { Auth } from "@/lib/server/auth/auth";
import { readPoints } from "@/lib/server/metrics/read-series";
import { decodeStepsInto } from "@/lib/metrics/chunk-codec";
import { metricsJsonBytes } from "@/lib/mlflow/metric-json";

/**
 * GetMetricHistory returns every point when the client sets no max_results (MLflow's server does
 * too), up to this many per response: past it, next_page_token continues (the Python client's
 * fluent get_metric_history does not follow tokens, so a longer series is cut there — docs/mlflow.md).
 */
export const MAX_HISTORY_PAGE = 1_000_000;
/** get-history-bulk-interval: MLflow's MAX_RUNS_GET_METRIC_HISTORY_BULK and MAX_RESULTS_PER_RUN. */
export const MAX_BULK_RUNS = 100;
export const MAX_BULK_RESULTS_PER_RUN = 2500;

/** Points of one key in step order, with each point's time in ms (Anneal keeps one time per step). */
interface History {
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
}

interface HistoryChunk {
  time: boolean;
  n: number;
  /** Points of the key before this chunk (the key's chunks only). */
  at: number;
  total: number;
  steps: string;
  vals: string;
}

/**
 * The points at positions [from, from + count) of a key and the times of their steps, in one
 * statement: the key's chunks holding those positions (counted over its chunk list), and the time
 * chunks spanning their steps, each chunk's steps and values as base64 (half the bytes of the
 * driver's hex bytea).
 */
async function readHistory(sql: Sql, runId: string, key: string, from: number, count: number, fallbackTime: number): Promise<History & { total: number }> {
  const rows = await sql.query<HistoryChunk>(
    `WITH c AS (SELECT step_lo, step_hi, n, steps, vals, (sum(n) OVER (ORDER BY step_lo) - n)::float8 AS at, (sum(n) OVER ())::float8 AS total
                  FROM metric_chunks WHERE run_id = $1 AND key = $2),
          picked AS (SELECT * FROM c WHERE at < $3::float8 + $4::float8 AND at + n > $3::float8),
          span AS (SELECT min(step_lo) AS lo, max(step_hi) AS hi FROM picked)
     SELECT false AS time, n, at, total, encode(steps, 'base64') AS steps, encode(vals, 'base64') AS vals, step_lo FROM picked
     UNION ALL
     SELECT true, m.n, 0, 0, encode(m.steps, 'base64'), encode(m.vals, 'base64'), m.step_lo
       FROM metric_chunks m, span WHERE m.run_id = $1 AND m.key = $5 AND m.step_hi >= span.lo AND m.step_lo <= span.hi
     ORDER BY time, step_lo`,
    [runId, key, from, count, TIME_KEY],
    { prepare: true },
  );
  const own = rows.filter((r) => !r.time);
  const total = own.length ? own[0].total : 0;
  const empty = new Float64Array(0);
  if (!own.length || count === 0) return { steps: empty, values: empty, timestamps: empty, total };
  const series = concatChunks(own);
  const skip = from - own[0].at;
  const end = Math.min(skip + count, series.steps.length);
  const steps = series.steps.subarray(skip, end);
  return { steps, values: series.values.subarray(skip, end), timestamps: alignTimes(steps, concatChunks(rows.filter((r) => r.time)), fallbackTime), total };
}

/** Chunks (in step order, non-overlapping) as one series. */
function concatChunks(chunks: HistoryChunk[]): { steps: Float64Array; values: Float64Array } {
  const n = chunks.reduce((s, c) => s + c.n, 0);
  const steps = new Float64Array(n);
  const values = new Float64Array(n);
  const bytes = new Uint8Array(values.buffer);
  let at = 0;
  for (const c of chunks) {
    decodeStepsInto(Buffer.from(c.steps, "base64"), c.n, steps, at);
    Buffer.from(bytes.buffer).write(c.vals, at * 8, "base64");
    at += c.n;
  }
  return { steps, values };
}

/** Each step's logged time (seconds → ms), by a merge walk over two sorted step lists. */
function alignTimes(steps: Float64Array, times: { steps: Float64Array; values: Float64Array }, fallback: number): Float64Array {
  const out = new Float64Array(steps.length);
  let j = 0;
  for (let i = 0; i < steps.length; i++) {
    while (j < times.steps.length && times.steps[j] < steps[i]) j++;
    out[i] = j < times.steps.length && times.steps[j] === steps[i] ? Math.round(times.values[j] * 1000) : fallback;
  }
  return out;
}

/** The run a history read names, checked for read access before any point is read; `version` is its row's xmin. */
async function readableRun(db: Database, runId: string | undefined, auth: Auth): Promise<{ id: string; startedAt: number; version: string }> {
  if (!runId) throw invalidParam("Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.");
  const rows = await db.sql.query<{ projectId: number; startedAt: Date; version: string }>(
    `SELECT project_id AS "projectId", started_at AS "startedAt", xmin::text AS version FROM runs WHERE id = $1`,
    [runId],
    { prepare: true },
  );
  if (!rows.length) throw doesNotExist(`Run '${runId}' not found`);
  auth.require(rows[0].projectId, "read");
  return { id: runId, startedAt: rows[0].startedAt.getTime(), version: rows[0].version };
}

/**
 * get-history answers lately sent, as bytes, with the version of the run's row they were read at.
 * Every writer of a run's points updates the run's row in the same transaction (its stats: the
 * invariant lib/server/metrics/fast-append.ts relies on too), so an answer is current while the
 * row's xmin is unchanged: a repeated read (a chart polled, a script re-reading a finished run)
 * costs the access check's one statement and no decoding or JSON. Bounded by bytes.
 */
const historyCache = new LRUCache<string, { version: string; bytes: Uint8Array }>({
  maxSize: 64 * 1024 * 1024,
  sizeCalculation: (e) => e.bytes.byteLength + 100,
});

/** Answers of this process served from the history cache (tests check it is used and bypassed). */
export const historyCacheHits = { count: 0 };

/** MLflow's GetMetricHistory, paged by max_results/page_token; answered as ready JSON bytes (lib/mlflow/metric-json.ts). */
export async function getMetricHistory(
  db: Database,
  opts: { runId?: string; key: string; maxResults?: number; pageToken?: string; auth: Auth },
): Promise<Uint8Array> {
  const run = await readableRun(db, opts.runId, opts.auth);
  const limit = maxResults(opts.maxResults, MAX_HISTORY_PAGE, MAX_HISTORY_PAGE);
  const offset = decodePageToken(opts.pageToken);
  const cacheKey = JSON.stringify([run.id, opts.key, offset, limit]);
  const cached = historyCache.get(cacheKey);
  if (cached?.version === run.version) {
    historyCacheHits.count++;
    return cached.bytes;
  }
  const h = await readHistory(db.sql, run.id, opts.key, offset, limit, run.startedAt);
  const next = offset + h.steps.length < h.total ? `,"next_page_token":${JSON.stringify(encodePageToken(offset + h.steps.length))}` : "";
  const bytes = metricsJsonBytes(`{"metrics":[`, [{ key: opts.key, points: h }], `]${next}}`);
  historyCache.set(cacheKey, { version: run.version, bytes });
  return bytes;
}

/** Up to `max` positions spread evenly over [0, n), first and last always included (MLflow's sampled steps). */
export function samplePositions(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max === 1) return [n - 1];
  const out: number[] = [];
  for (let i = 0; i < max; i++) {
    const pos = Math.round((i * (n - 1)) / (max - 1));
    if (pos !== out[out.length - 1]) out.push(pos);
  }
  return out;
}

/**
 * MLflow's GetMetricHistoryBulkInterval (its UI's chart read): for each run, at most max_results
 * points of the key between start_step and end_step, spread evenly, with run_id on each.
 */
export async function getMetricHistoryBulkInterval(
  db: Database,
  opts: { runIds: string[]; key: string; startStep?: number; endStep?: number; maxResults?: number; auth: Auth },
): Promise<Uint8Array> {
  if (!opts.runIds.length) throw invalidParam("Missing value for required parameter 'run_ids'.");
  if (opts.runIds.length > MAX_BULK_RUNS)
    throw invalidParam(`GetMetricHistoryBulkInterval request must specify at most ${MAX_BULK_RUNS} run_ids. Received ${opts.runIds.length} run_ids.`);
  if (opts.startStep !== undefined && opts.endStep !== undefined && opts.startStep > opts.endStep) {
    throw invalidParam(`end_step must be greater than start_step. Found start_step=${opts.startStep} and end_step=${opts.endStep}.`);
  }
  const max = maxResults(opts.maxResults, MAX_BULK_RESULTS_PER_RUN, MAX_BULK_RESULTS_PER_RUN);
  const lo = opts.startStep ?? 0;
  const hi = opts.endStep ?? Number.MAX_SAFE_INTEGER;
  const parts: Parameters<typeof metricsJsonBytes>[1] = [];
  for (const runId of opts.runIds) {
    const run = await readableRun(db, runId, opts.auth);
    const [series, times] = await Promise.all([readPoints(db.sql, run.id, opts.key, lo, hi), readPoints(db.sql, run.id, TIME_KEY, lo, hi)]);
    let a = 0;
    while (a < series.steps.length && series.steps[a] < lo) a++;
    let b = series.steps.length;
    while (b > a && series.steps[b - 1] > hi) b--;
    const picked = samplePositions(b - a, max).map((i) => i + a);
    const steps = Float64Array.from(picked, (i) => series.steps[i]);
    const values = Float64Array.from(picked, (i) => series.values[i]);
    parts.push({ key: opts.key, runId: run.id, points: { steps, values, timestamps: alignTimes(steps, times, run.startedAt) } });
  }
  return metricsJsonBytes(`{"metrics":[`, parts, "]}");
}
