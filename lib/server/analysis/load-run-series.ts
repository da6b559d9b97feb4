import type { Database } from "@/lib/db/client";
import { EPOCH_KEY } from "@/lib/schemas/metrics";
import type { Series } from "@/lib/analysis/types";
import { readStepSeries } from "@/lib/server/metrics/read-series";
import { statsExtent } from "@/lib/server/metrics/stats-extent";
import type { MetricStats } from "@/lib/server/runs/run-view";

/** Keys with up to this many points are analysed point by point (real runs log tens of thousands). */
const FULL_RESOLUTION_LIMIT = 200_000;
/**
 * Longer keys are analysed as bucket means of at least this many points: the finest stored block
 * summary, so the read never decodes raw chunks and a million-step run costs milliseconds, not
 * seconds of a server that answers the charts too. Schedule and plateau positions stay within a
 * bucket (64 steps of a million).
 */
const POINTS_PER_COARSE_BUCKET = 64;

/** A run's series as plain arrays for lib/analysis (and the epoch series when logged). */
export async function loadRunSeries(
  db: Database,
  run: { id: string; metricStats: unknown },
  keys: string[],
): Promise<{ series: Record<string, Series>; epochs?: Series }> {
  const stats = run.metricStats as Record<string, MetricStats>;
  const wanted = [...keys, EPOCH_KEY].filter((k) => k in stats);
  const full = wanted.filter((k) => stats[k].count <= FULL_RESOLUTION_LIMIT);
  const coarse = wanted.filter((k) => !full.includes(k));
  // The stored stats give each read its range and point counts: no query to find them.
  const read = (keys: string[], maxPoints: number) => readStepSeries(db.sql, { runId: run.id, keys, maxPoints, ...statsExtent(stats, keys)! });
  const reads = [...(full.length ? [read(full, 0)] : []), ...coarse.map((k) => read([k], Math.floor(stats[k].count / POINTS_PER_COARSE_BUCKET)))];
  const series: Record<string, Series> = {};
  for (const read of await Promise.all(reads)) {
    for (const [key, s] of read) series[key] = s.downsampled ? { steps: s.x, values: s.y } : { steps: s.steps, values: s.values };
  }
  const { [EPOCH_KEY]: epochs, ...rest } = series;
  return { series: rest, epochs };
}
