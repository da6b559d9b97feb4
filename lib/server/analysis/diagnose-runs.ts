import "server-only";
import type { Database } from "@/lib/db/client";
import { currentPlateau, epochScale, findLrKeys, findMetricKey, readConfig, recognizeSchedule } from "@/lib/analysis";
import { MemoCache } from "@/lib/server/cache/memo-cache";
import { runVersions } from "@/lib/server/runs/run-version";
import { loadRunSeries } from "./load-run-series";

export interface RunDiagnosis {
  id: string;
  schedule: { type: string; label: string; mismatch: { configured: string; observed: string } | null } | null;
  /** Set while a running run's main metric has not improved for more than its patience. */
  plateau: { sinceStep: number; sinceEpoch: number | null; evaluations: number } | null;
}

/** ReduceLROnPlateau's default patience, used when the run's config names none. */
const DEFAULT_PATIENCE = 10;
const CACHE_SIZE = 2000;
// Keyed by run id + row version (config and status are read too, and their edits log nothing) + the
// project's main metric: an unchanged run is not analysed again.
const cache = new MemoCache<RunDiagnosis>({ max: CACHE_SIZE });

/**
 * The compact diagnosis the runs table shows next to each run: the recognised schedule (with a
 * mismatch against config.schedule) and, for running runs, "plateau since epoch N".
 */
export async function diagnoseRuns(db: Database, opts: { ids: string[] }): Promise<RunDiagnosis[]> {
  const versions = await runVersions(db, opts.ids);
  const runs = await db.prisma.run.findMany({ where: { id: { in: opts.ids } }, include: { project: true } });
  const out: RunDiagnosis[] = [];
  for (const run of runs) {
    out.push(
      await cache.getOrCompute(`${run.id}@${versions.get(run.id) ?? "new"}/${run.project.mainMetric}/${run.project.mainMetricMode}`, () =>
        diagnoseOne(db, run),
      ),
    );
  }
  return out;
}

async function diagnoseOne(
  db: Database,
  run: { id: string; status: string; config: unknown; metricStats: unknown; project: { mainMetric: string; mainMetricMode: string } },
): Promise<RunDiagnosis> {
  const keys = Object.keys(run.metricStats as object).filter((k) => !k.startsWith("_"));
  const lrKey = findLrKeys(keys)[0] ?? null;
  const metricKey = findMetricKey(keys, run.project.mainMetric);
  const { series, epochs } = await loadRunSeries(
    db,
    run,
    [lrKey, metricKey].filter((k): k is string => !!k),
  );
  const scale = epochScale(epochs);
  const facts = readConfig(run.config as Record<string, unknown>);
  let schedule: RunDiagnosis["schedule"] = null;
  if (lrKey && series[lrKey]) {
    const fit = recognizeSchedule(series[lrKey], { epochs: scale, configured: facts.schedule, lrKey });
    schedule = { type: fit.type, label: fit.label, mismatch: fit.mismatch ?? null };
  }
  let plateau: RunDiagnosis["plateau"] = null;
  if (run.status === "running" && metricKey && series[metricKey]) {
    const config = run.config as { schedule_params?: { patience?: unknown } };
    const patience = typeof config.schedule_params?.patience === "number" ? config.schedule_params.patience : DEFAULT_PATIENCE;
    plateau = currentPlateau(series[metricKey], { mode: run.project.mainMetricMode === "min" ? "min" : "max", patience }, scale);
  }
  return { id: run.id, schedule, plateau };
}
