import type { Database } from "@/lib/db/client";
import { EPOCH_KEY } from "@/lib/schemas/metrics";
import type { Series } from "@/lib/analysis/types";
import { readStepSeries, stepExtent } from "@/lib/server/metrics/read-series";

/** Above this many points a key is read as bucket means, which bounds memory and time for huge runs. */
const FULL_RESOLUTION_LIMIT = 2_000_000;
const COARSE_POINTS = 200_000;

/** A run's series as plain arrays for lib/analysis (and the epoch series when logged). */
export async function loadRunSeries(db: Database, runId: string, keys: string[]): Promise<{ series: Record<string, Series>; epochs?: Series }> {
  const wanted = [...keys, EPOCH_KEY];
  const extent = await stepExtent(db.sql, runId, wanted);
  const series: Record<string, Series> = {};
  if (!extent) return { series };
  const read = await readStepSeries(db.sql, { runId, keys: wanted, ...extent, maxPoints: FULL_RESOLUTION_LIMIT });
  for (const [key, s] of read) {
    if (!s.downsampled) series[key] = { steps: s.steps, values: s.values };
    else {
      const coarse = (await readStepSeries(db.sql, { runId, keys: [key], ...extent, maxPoints: COARSE_POINTS })).get(key)!;
      series[key] = coarse.downsampled ? { steps: coarse.x, values: coarse.y } : { steps: coarse.steps, values: coarse.values };
    }
  }
  const { [EPOCH_KEY]: epochs, ...rest } = series;
  return { series: rest, epochs };
}
