import "server-only";
import { LRUCache } from "lru-cache";
import type { Sql } from "@/lib/db/sql";
import { ANALYSIS_RULES } from "@/lib/alerts/alert-rules";
import type { ChunkStats } from "@/lib/metrics/chunk-codec";
import { toWire } from "@/lib/schemas/common";
import { EPOCH_KEY, TIME_KEY } from "@/lib/schemas/metrics";
import { ALERT_CHECK_DELAY_SECONDS } from "@/lib/server/alerts/alert-timing";
import type { Auth } from "@/lib/server/auth/auth";
import { eventCtes, eventParams } from "@/lib/server/events/publish-event";
import type { Actor } from "@/lib/events/event-types";
import type { MetricStats } from "@/lib/server/runs/run-view";
import { concatArrays } from "@/lib/typed-arrays";
import { appendedEventData, scheduleCheckSql } from "./announce-append";
import type { SeriesPoints } from "./batch-series";
import {
  CHUNK_COLUMNS,
  CHUNK_TYPES,
  chunkRows,
  compactsTail,
  EMA_COLUMNS,
  EMA_TYPES,
  historyBefore,
  lastValues,
  readTails,
  smoothedKey,
  tailAfter,
  type SmallTail,
} from "./chunk-store";

/**
 * The append fast path of a logger that sends small batches (MLflow's log-batch): what a write
 * must know about each (run, key) — its last step, its small tail, the raw values the stored
 * smoothing continues from, its stats — is remembered from the previous write, so an append that
 * only adds points after every stored one is a single autocommitted statement (chunks, their
 * smoothing, the run's stats, the metrics.appended event) instead of a transaction of a dozen.
 *
 * What is remembered is valid while the run's row is the version the last write left: every
 * writer of a run's chunks updates the run's row in the same transaction (its stats), so the row's
 * xmin changing means someone else wrote. The statement updates the row only if its xmin is still
 * that version and writes nothing otherwise; the caller then takes the ordinary path
 * (lib/server/metrics/chunk-store.ts's writeSeries), which also handles overlaps, compaction of a
 * full small tail and keys seen for the first time, and refreshes what is remembered.
 */

interface KeyState {
  tail: SmallTail;
  lastStep: number;
  /** The last raw values (STORED_EMA_HISTORY at most); smoothed keys only. */
  history?: Float64Array;
  stats: MetricStats;
}

export interface AppendState {
  /** runs.xmin after the write that left this state. */
  version: string;
  projectId: number;
  keys: ReadonlyMap<string, KeyState>;
}

/** A key's remembered state is a few hundred bytes; this bounds the cache whatever the number of runs and keys. */
const CACHE_BYTES = 64 * 1024 * 1024;
/** A batch writing more chunks than this takes the ordinary path (bounded statement size). */
const MAX_FAST_CHUNKS = 512;

/** Appends this process made the fast way (tests check the path is taken). */
export const fastAppends = { count: 0 };

const cache = new LRUCache<string, AppendState>({
  maxSize: CACHE_BYTES,
  sizeCalculation: (s) => 200 + [...s.keys.values()].reduce((n, k) => n + 300 + (k.history?.byteLength ?? 0), 0),
});

/**
 * Appends `series` to the run in one statement when the remembered state allows it: "written";
 * null when it doesn't (nothing was written: take the ordinary path). Throws the write permission
 * error. `batchId` (Anneal's retry-safe batches) is claimed in the same statement; a batch whose id
 * was claimed before writes nothing: "duplicate".
 */
export async function appendFast(
  sql: Sql,
  runId: string,
  series: Map<string, SeriesPoints>,
  auth: Auth,
  actor: Actor,
  batchId?: string,
): Promise<"written" | "duplicate" | null> {
  const state = cache.get(runId);
  const before = state && appendedAfter(state, series);
  if (!state || !before) return null;
  for (const [key, pts] of series) if (compactsTail(state.keys.get(key)!.tail, pts.steps.length)) return null;
  auth.require(state.projectId, "write");
  const history = new Map<string, Float64Array>();
  for (const [key, k] of state.keys) if (k.history && series.has(key)) history.set(key, k.history);
  const rows = chunkRows(runId, series, history);
  if (rows.chunks.length > MAX_FAST_CHUNKS) return null;

  const next = new Map(state.keys);
  const stats: Record<string, MetricStats> = {};
  let lastStep: number | null = null;
  for (const [key, pts] of series) {
    const k = state.keys.get(key)!;
    const chunks = rows.stats.get(key)!;
    const merged = mergeStats(k.stats, chunks);
    stats[key] = merged;
    if (key !== EPOCH_KEY && key !== TIME_KEY) lastStep = Math.max(lastStep ?? -Infinity, merged.stepHi);
    next.set(key, {
      tail: tailAfter(
        k.tail,
        chunks.map((c) => c.n),
      ),
      lastStep: merged.stepHi,
      history: k.history && lastValues(concatArrays(Float64Array, [k.history, pts.values])),
      stats: merged,
    });
  }

  const params: unknown[] = [
    runId,
    state.version,
    JSON.stringify(stats),
    lastStep === null ? null : String(lastStep),
    ANALYSIS_RULES,
    ALERT_CHECK_DELAY_SECONDS,
    ...(batchId === undefined ? [] : [batchId]),
  ];
  const values = (types: string[], data: unknown[][]) =>
    data.map((row) => `(${row.map((v, c) => (params.push(v), `$${params.length}::${types[c]}`)).join(",")})`).join(",");
  const ctes = [
    `run_row AS (
       UPDATE runs r SET metric_stats = r.metric_stats || $3::jsonb,
              last_step = CASE WHEN $4::bigint IS NULL THEN r.last_step ELSE GREATEST(COALESCE(r.last_step, 0), $4::bigint) END,
              last_activity_at = now(),
              alert_check_at = CASE WHEN ${scheduleCheckSql("r", 5)} THEN now() + make_interval(secs => $6::float8) ELSE r.alert_check_at END
        WHERE r.id = $1 AND r.xmin::text = $2 AND r.deleted_at IS NULL AND r.crash_notified_at IS NULL${
          batchId === undefined ? "" : ` AND NOT EXISTS (SELECT 1 FROM ingest_batches b WHERE b.run_id = $1 AND b.batch_id = $7::text)`
        }
        RETURNING r.xmin::text AS version)`,
    `chunk_rows AS (INSERT INTO metric_chunks (${CHUNK_COLUMNS}) SELECT v.* FROM (VALUES ${values(CHUNK_TYPES, rows.chunks)}) v, run_row)`,
  ];
  // A concurrent claim of the same batch updates the run row first, so this one's xmin check fails.
  if (batchId !== undefined) ctes.push(`claim AS (INSERT INTO ingest_batches (run_id, batch_id) SELECT $1, $7::text FROM run_row)`);
  if (rows.ema.length)
    ctes.push(`ema_rows AS (INSERT INTO metric_chunk_ema (${EMA_COLUMNS}) SELECT v.* FROM (VALUES ${values(EMA_TYPES, rows.ema)}) v, run_row)`);
  const data = appendedEventData(runId, series, before);
  if (data) {
    ctes.push(eventCtes(params.length + 1, "run_row"));
    params.push(...eventParams({ projectId: state.projectId, type: "metrics.appended", runId, actor, data }));
  }
  // The claim is seen by this statement's snapshot only if it was there before: a duplicate.
  const duplicate = batchId === undefined ? "false" : `EXISTS (SELECT 1 FROM ingest_batches b WHERE b.run_id = $1 AND b.batch_id = $7::text)`;
  let done: { version: string | null; duplicate: boolean };
  try {
    [done] = await sql.query<{ version: string | null; duplicate: boolean }>(
      `WITH ${ctes.join(",\n")}
       SELECT (SELECT version FROM run_row) AS version, ${duplicate} AS duplicate${data ? `, (SELECT count(*) FROM event_notified) AS events` : ""}`,
      params,
      // A logger's batches have one shape (keys × chunks): parsed and planned once per connection.
      { prepare: true },
    );
  } catch (err) {
    cache.delete(runId);
    throw err;
  }
  if (done.duplicate) return "duplicate";
  if (done.version === null) {
    // Someone else wrote (or the run was deleted or crashed): nothing was written.
    cache.delete(runId);
    return null;
  }
  cache.set(runId, { version: done.version, projectId: state.projectId, keys: next });
  fastAppends.count++;
  return "written";
}

/**
 * Each key's last step before `series`, when `state` knows every key and the write only appends
 * (each key's points all after its stored ones); null otherwise. What the fast path requires, and
 * what metrics.appended's points need (their `after`).
 */
function appendedAfter(state: AppendState, series: Map<string, SeriesPoints>): Map<string, number> | null {
  const before = new Map<string, number>();
  for (const [key, pts] of series) {
    const k = state.keys.get(key);
    if (!k || pts.steps[0] <= k.lastStep) return null;
    before.set(key, k.lastStep);
  }
  return before;
}

/**
 * For an ordinary write (a full small tail compacted, say) to a run locked at `lockedVersion`:
 * each key's last step before it, when this process's remembered state is that version's and the
 * write only appends (see appendedAfter); undefined otherwise.
 */
export function lastStepsBefore(runId: string, lockedVersion: string, series: Map<string, SeriesPoints>): Map<string, number> | undefined {
  const state = cache.get(runId);
  return (state?.version === lockedVersion && appendedAfter(state, series)) || undefined;
}

/** The run's stats of a key after chunks with these stats are appended after its stored points (the same as STATS_JSONB computes). */
function mergeStats(old: MetricStats, chunks: ChunkStats[]): MetricStats {
  const s = { ...old };
  for (const c of chunks) {
    s.count += c.n;
    s.stepHi = s.lastStep = c.stepHi;
    s.last = toWire(c.last);
    s.nonFinite += c.nonFinite;
    // Ties keep the earlier step, as STATS_BY_KEY orders them.
    if (c.min !== null && (s.min === null || c.min < s.min)) {
      s.min = c.min;
      s.minStep = c.minStep;
    }
    if (c.max !== null && (s.max === null || c.max > s.max)) {
      s.max = c.max;
      s.maxStep = c.maxStep;
    }
  }
  return s;
}

/**
 * In the transaction of an ordinary write to `run` (its row locked, at `lockedVersion` when
 * locked), after the write: the state to remember for the keys written — plus what was remembered
 * for the run's other keys if that was current when the row was locked. Pass it to
 * rememberAppendState once the transaction has committed.
 */
export async function readAppendState(tx: Sql, run: { id: string; projectId: number }, keys: string[], lockedVersion: string): Promise<AppendState> {
  // One statement at a time: a transaction is one connection.
  const tails = await readTails(tx, run.id, keys);
  const [row] = await tx.query<{ version: string; stats: Record<string, MetricStats> | null }>(
    `SELECT xmin::text AS version, (SELECT jsonb_object_agg(k, metric_stats -> k) FROM unnest($2::text[]) k) AS stats FROM runs WHERE id = $1`,
    [run.id, keys],
  );
  const history = await historyBefore(
    tx,
    run.id,
    keys.filter(smoothedKey).map((k) => [k, Number.MAX_SAFE_INTEGER]),
  );
  const old = cache.get(run.id);
  const out = new Map(old?.version === lockedVersion ? old.keys : []);
  for (const key of keys) {
    const stats = row.stats?.[key];
    const tail = tails.get(key);
    if (!stats || !tail) {
      out.delete(key);
      continue;
    }
    out.set(key, { tail, lastStep: stats.stepHi, history: history.get(key), stats });
  }
  return { version: row.version, projectId: run.projectId, keys: out };
}

export function rememberAppendState(runId: string, state: AppendState): void {
  cache.set(runId, state);
}

/** Forgets a run's state (tests; a process that knows it changed a run behind the row's back). */
export function forgetAppendState(runId: string): void {
  cache.delete(runId);
}
