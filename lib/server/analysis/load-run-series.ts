import "server-only";
import type { Database } from "@/lib/db/client";
import { EPOCH_KEY } from "@/lib/schemas/metrics";
import type { Series } from "@/lib/analysis/types";
import { readSteps } from "@/lib/server/metrics/read-series";
import type { MetricStats } from "@/lib/server/runs/run-view";

/** Keys with up to this many points are analysed point by point (real runs log tens of thousands), while the run's keys fit ANALYSIS_MAX_POINTS. */
const FULL_RESOLUTION_LIMIT = 200_000;
/**
 * Longer keys are analysed as bucket means of at least this many points: the finest stored block
 * summary, so the read never decodes raw chunks and a million-step run costs milliseconds, not
 * seconds of a server that answers the charts too. Schedule and plateau positions stay within a
 * bucket (64 steps of a million).
 */
const POINTS_PER_COARSE_BUCKET = 64;

/**
 * Points one analysis reads over all its keys. The analysis runs in this process, which answers
 * every other request too: its input is bounded, so it takes a fraction of a second (~100 ms per
 * million points), never seconds, however many keys a run logged.
 */
export const ANALYSIS_MAX_POINTS = 2_000_000;

/** How each key is read for the analysis: every point (maxPoints 0), or in buckets, the keys sharing ANALYSIS_MAX_POINTS. */
export function analysisReads(stats: Record<string, MetricStats>, keys: string[]): { key: string; maxPoints: number }[] {
  const perKey = Math.min(FULL_RESOLUTION_LIMIT, Math.floor(ANALYSIS_MAX_POINTS / Math.max(1, keys.length)));
  return keys.map((key) => {
    const { count } = stats[key];
    if (count <= perKey) return { key, maxPoints: 0 };
    return { key, maxPoints: Math.max(1, Math.min(perKey, Math.floor(count / POINTS_PER_COARSE_BUCKET))) };
  });
}

/** A run's series as plain arrays for lib/analysis (and the epoch series when logged). */
export async function loadRunSeries(
  db: Database,
  run: { id: string; metricStats: unknown },
  keys: string[],
): Promise<{ series: Record<string, Series>; epochs?: Series }> {
  const stats = run.metricStats as Record<string, MetricStats>;
  const wanted = [...keys, EPOCH_KEY].filter((k) => k in stats);
  // The stored stats give each read its range and point count: no query to find them.
  const requests = analysisReads(stats, wanted).map(({ key, maxPoints }) => {
    const { stepLo: lo, stepHi: hi, count } = stats[key];
    return { runId: run.id, key, lo, hi, maxPoints, points: count };
  });
  const read = await readSteps(db.sql, requests);
  const series: Record<string, Series> = {};
  read.forEach((s, i) => {
    series[wanted[i]] = s.downsampled ? { steps: s.x, values: s.y } : { steps: Array.from(s.steps), values: Array.from(s.values) };
  });
  const { [EPOCH_KEY]: epochs, ...rest } = series;
  return { series: rest, epochs };
}
