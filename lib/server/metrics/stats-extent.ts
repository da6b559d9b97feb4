import "server-only";
import type { MetricStats } from "@/lib/server/runs/run-view";

/**
 * The step range of `keys` and each key's point count, from the run's stored stats: a full-range
 * read needs no query to find them (null when none of the keys is stored).
 */
export function statsExtent(stats: Record<string, MetricStats>, keys: string[]): { lo: number; hi: number; pointsInRange: Record<string, number> } | null {
  const present = keys.filter((k) => k in stats);
  if (!present.length) return null;
  return {
    lo: Math.min(...present.map((k) => stats[k].stepLo)),
    hi: Math.max(...present.map((k) => stats[k].stepHi)),
    pointsInRange: Object.fromEntries(present.map((k) => [k, stats[k].count])),
  };
}
