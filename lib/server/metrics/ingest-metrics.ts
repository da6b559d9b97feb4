import "server-only";
import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import type { Auth } from "@/lib/server/auth/auth";
import { notFound } from "@/lib/server/api/errors";
import { countValues, EPOCH_KEY, TIME_KEY, type MetricBatch } from "@/lib/schemas/metrics";
import { batchToSeries, type SeriesPoints } from "./batch-series";
import { writeSeries } from "./chunk-store";
import { STATS_JSONB } from "./metric-stats";
import { announceAppend } from "./announce-append";
import { appendFast, lastStepsBefore, readAppendState, rememberAppendState } from "./fast-append";
import type { Actor } from "@/lib/events/event-types";
import { actorOf } from "@/lib/server/review/actor";

/**
 * Writes one batch atomically: the run row is locked (writers to one run are serialised), the
 * batchId is claimed (a retried batch writes nothing), chunks are written and the run's
 * per-metric stats refreshed, all in one transaction. An append after every stored point of a run
 * whose write state this process knows is one statement instead (lib/server/metrics/fast-append.ts):
 * a live run logging every few steps costs the server and PostgreSQL a fraction of the transaction.
 */
export async function ingestMetrics(db: Database, opts: { runId: string; batch: MetricBatch; auth: Auth }) {
  const { runId, batch } = opts;
  const accepted = countValues(batch);
  const series = batchToSeries(batch);
  const actor = actorOf(opts.auth);
  const fast = series.size ? await appendFast(db.sql, runId, series, opts.auth, actor, batch.batchId) : null;
  if (fast) return fast === "written" ? { accepted, duplicate: false } : { accepted: 0, duplicate: true };
  const result = await db.sql.transaction(async (tx) => {
    // One read both locks the run and names its project for the permission check.
    const locked = await tx.query<{ project_id: number; version: string }>(`SELECT project_id, xmin::text AS version FROM runs WHERE id = $1 FOR UPDATE`, [
      runId,
    ]);
    if (!locked.length) throw notFound(`Run '${runId}'`);
    opts.auth.require(locked[0].project_id, "write");
    if (batch.batchId) {
      const claimed = await tx.query(`INSERT INTO ingest_batches (run_id, batch_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [
        runId,
        batch.batchId,
      ]);
      if (!claimed.length) return { accepted: 0, duplicate: true, state: null };
    }
    const run = { id: runId, projectId: locked[0].project_id };
    // Known before the write (a full small tail compacted, say): the event can carry the points.
    await writeRunSeries(tx, run, series, actor, lastStepsBefore(runId, locked[0].version, series));
    // What the next append needs, remembered once this one has committed.
    const state = series.size ? await readAppendState(tx, run, [...series.keys()], locked[0].version) : null;
    return { accepted, duplicate: false, state };
  });
  if (result.state) rememberAppendState(runId, result.state);
  return { accepted: result.accepted, duplicate: result.duplicate };
}

/**
 * Writes per-key series into a run inside the caller's transaction (which holds the run's row
 * lock), refreshes its stats and announces the append (live pages, alert checks): the entry point
 * for callers that build series themselves (the MLflow API's log-batch). `before`: each key's last
 * step before this write when known (see appendedEventData).
 */
export async function writeRunSeries(
  tx: Sql,
  run: { id: string; projectId: number },
  series: Map<string, SeriesPoints>,
  actor: Actor,
  before?: ReadonlyMap<string, number>,
) {
  if (!series.size) await tx.query(`UPDATE runs SET last_activity_at = now() WHERE id = $1`, [run.id]);
  else {
    await writeSeries(tx, run.id, series);
    await refreshRunStats(tx, run.id, [...series.keys()]);
  }
  await announceAppend(tx, { ...run, series, actor, before });
}

/** Recomputes the run's stats for `keys` (default: every stored key) and its last step, in one statement. */
export async function refreshRunStats(tx: Sql, runId: string, keys?: string[]) {
  const touched = keys ?? (await tx.query<{ key: string }>(`SELECT DISTINCT key FROM metric_chunks WHERE run_id = $1`, [runId])).map((r) => r.key);
  await tx.query(
    `UPDATE runs r SET metric_stats = r.metric_stats || COALESCE(st.stats, '{}'::jsonb),
            last_step = CASE WHEN st.max_step IS NULL THEN r.last_step ELSE GREATEST(COALESCE(r.last_step, 0), st.max_step) END,
            last_activity_at = now()
       FROM (${STATS_JSONB}) st
      WHERE r.id = $1`,
    [runId, touched, [EPOCH_KEY, TIME_KEY]],
  );
}
