import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/api/auth";
import { notFound } from "@/lib/server/api/errors";
import { countValues, EPOCH_KEY, TIME_KEY, type MetricBatch } from "@/lib/schemas/metrics";
import { batchToSeries } from "./batch-series";
import { writeSeries } from "./chunk-store";
import { recomputeStats } from "./metric-stats";

/**
 * Writes one batch atomically: the run row is locked (writers to one run are serialised), the
 * batchId is claimed (a retried batch writes nothing), chunks are written and the run's
 * per-metric stats refreshed, all in one transaction.
 */
export async function ingestMetrics(db: Database, opts: { runId: string; batch: MetricBatch; auth: Auth }) {
  const { runId, batch } = opts;
  const owner = await db.sql.query<{ project_id: number }>(`SELECT project_id FROM runs WHERE id = $1`, [runId]);
  if (!owner.length) throw notFound(`Run '${runId}'`);
  opts.auth.require(owner[0].project_id, "write");
  const series = batchToSeries(batch);
  const accepted = countValues(batch);
  return db.sql.transaction(async (tx) => {
    const locked = await tx.query(`SELECT 1 FROM runs WHERE id = $1 FOR UPDATE`, [runId]);
    if (!locked.length) throw notFound(`Run '${runId}'`);
    if (batch.batchId) {
      const claimed = await tx.query(
        `INSERT INTO ingest_batches (run_id, batch_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
        [runId, batch.batchId],
      );
      if (!claimed.length) return { accepted: 0, duplicate: true };
    }
    let maxStep = -1;
    if (series.size) {
      await writeSeries(tx, runId, series);
      for (const [key, s] of series) if (key !== EPOCH_KEY && key !== TIME_KEY) maxStep = Math.max(maxStep, s.steps[s.steps.length - 1]);
      const stats = await recomputeStats(tx, runId, [...series.keys()]);
      await tx.query(
        `UPDATE runs SET metric_stats = metric_stats || $2::jsonb,
                last_step = CASE WHEN $3::bigint < 0 THEN last_step ELSE GREATEST(COALESCE(last_step, 0), $3::bigint) END,
                last_activity_at = now()
          WHERE id = $1`,
        [runId, JSON.stringify(stats), String(maxStep)],
      );
    } else {
      await tx.query(`UPDATE runs SET last_activity_at = now() WHERE id = $1`, [runId]);
    }
    return { accepted, duplicate: false };
  });
}
