import type { Database } from "@/lib/db/client";
import { EPOCH_KEY } from "@/lib/schemas/metrics";
import type { Series } from "@/lib/analysis/types";
import { readSteps } from "@/lib/server/metrics/read-series";
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
  // The stored stats give each read its range and point count: no query to find them.
  const requests = wanted.map((key) => {
    const { stepLo: lo, stepHi: hi, count } = stats[key];
    return { runId: run.id, key, lo, hi, maxPoints: full.includes(key) ? 0 : Math.floor(count / POINTS_PER_COARSE_BUCKET), points: count };
  });
  const read = await readSteps(db.sql, requests);
  const series: Record<string, Series> = {};
  read.forEach((s, i) => {
    series[wanted[i]] = s.downsampled ? { steps: s.x, values: s.y } : { steps: Array.from(s.steps), values: Array.from(s.values) };
  });
  const { [EPOCH_KEY]: epochs, ...rest } = series;
  return { series: rest, epochs };
}
