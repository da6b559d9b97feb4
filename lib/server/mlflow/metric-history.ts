import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import { invalidParam } from "@/lib/mlflow/errors";
import { decodePageToken, encodePageToken, maxResults } from "@/lib/mlflow/page-token";
import { TIME_KEY } from "@/lib/schemas/metrics";
import type { Auth } from "@/lib/server/auth/auth";
import { readChunkIndex } from "@/lib/server/metrics/chunk-index";
import { readPoints } from "@/lib/server/metrics/read-series";
import { findMlflowRun } from "./find-mlflow-run";

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

/** Reads the points at positions [from, from + count) of a key, via the chunk index (the chunks holding them are read, then sliced). */
async function readHistory(sql: Sql, runId: string, key: string, from: number, count: number, fallbackTime: number): Promise<History & { total: number }> {
  const [{ chunks }] = await readChunkIndex(sql, [{ runId, key, lo: -Infinity, hi: Infinity }]);
  const total = chunks.reduce((s, c) => s + c.n, 0);
  const empty = new Float64Array(0);
  if (from >= total || count === 0) return { steps: empty, values: empty, timestamps: empty, total };
  let at = 0;
  let first = -1;
  let last = -1;
  let skip = 0;
  for (let i = 0; i < chunks.length; i++) {
    if (first < 0 && at + chunks[i].n > from) {
      first = i;
      skip = from - at;
    }
    at += chunks[i].n;
    if (first >= 0 && at >= from + count) {
      last = i;
      break;
    }
  }
  if (last < 0) last = chunks.length - 1;
  const lo = chunks[first].stepLo;
  const hi = chunks[last].stepHi;
  const [series, times] = await Promise.all([readPoints(sql, runId, key, lo, hi), readPoints(sql, runId, TIME_KEY, lo, hi)]);
  const end = Math.min(skip + count, series.steps.length);
  const steps = series.steps.subarray(skip, end);
  return { steps, values: series.values.subarray(skip, end), timestamps: alignTimes(steps, times, fallbackTime), total };
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

const jsonNumber = (v: number) => (Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"');

/** Metric messages as JSON text, built directly: this is the hot path of get-history (20,000 points in a few ms). */
function metricsJson(key: string, h: History, runId?: string): string[] {
  const head = `{"key":${JSON.stringify(key)},"value":`;
  const tail = runId === undefined ? "}" : `,"run_id":${JSON.stringify(runId)}}`;
  const parts = new Array<string>(h.steps.length);
  for (let i = 0; i < h.steps.length; i++) parts[i] = `${head}${jsonNumber(h.values[i])},"timestamp":${h.timestamps[i]},"step":${h.steps[i]}${tail}`;
  return parts;
}

/** MLflow's GetMetricHistory, paged by max_results/page_token; answered as ready JSON text. */
export async function getMetricHistory(
  db: Database,
  opts: { runId?: string; key: string; maxResults?: number; pageToken?: string; auth: Auth },
): Promise<string> {
  const run = await findMlflowRun(db, opts.runId);
  opts.auth.require(run.projectId, "read");
  const limit = maxResults(opts.maxResults, MAX_HISTORY_PAGE, MAX_HISTORY_PAGE);
  const offset = decodePageToken(opts.pageToken);
  const h = await readHistory(db.sql, run.id, opts.key, offset, limit, run.startedAt.getTime());
  const next = offset + h.steps.length < h.total ? `,"next_page_token":${JSON.stringify(encodePageToken(offset + h.steps.length))}` : "";
  return `{"metrics":[${metricsJson(opts.key, h).join(",")}]${next}}`;
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
): Promise<string> {
  if (!opts.runIds.length) throw invalidParam("Missing value for required parameter 'run_ids'.");
  if (opts.runIds.length > MAX_BULK_RUNS)
    throw invalidParam(`GetMetricHistoryBulkInterval request must specify at most ${MAX_BULK_RUNS} run_ids. Received ${opts.runIds.length} run_ids.`);
  if (opts.startStep !== undefined && opts.endStep !== undefined && opts.startStep > opts.endStep) {
    throw invalidParam(`end_step must be greater than start_step. Found start_step=${opts.startStep} and end_step=${opts.endStep}.`);
  }
  const max = maxResults(opts.maxResults, MAX_BULK_RESULTS_PER_RUN, MAX_BULK_RESULTS_PER_RUN);
  const lo = opts.startStep ?? 0;
  const hi = opts.endStep ?? Number.MAX_SAFE_INTEGER;
  const parts: string[] = [];
  for (const runId of opts.runIds) {
    const run = await findMlflowRun(db, runId);
    opts.auth.require(run.projectId, "read");
    const [series, times] = await Promise.all([readPoints(db.sql, run.id, opts.key, lo, hi), readPoints(db.sql, run.id, TIME_KEY, lo, hi)]);
    let a = 0;
    while (a < series.steps.length && series.steps[a] < lo) a++;
    let b = series.steps.length;
    while (b > a && series.steps[b - 1] > hi) b--;
    const picked = samplePositions(b - a, max).map((i) => i + a);
    const steps = Float64Array.from(picked, (i) => series.steps[i]);
    const values = Float64Array.from(picked, (i) => series.values[i]);
    parts.push(...metricsJson(opts.key, { steps, values, timestamps: alignTimes(steps, times, run.startedAt.getTime()) }, run.id));
  }
  return `{"metrics":[${parts.join(",")}]}`;
}
