import "server-only";
import type { Database } from "@/lib/db/client";
import { analyzeRun } from "@/lib/analysis";
import type { TAnalysisQuery } from "@/lib/schemas/analysis";
import { MemoCache } from "@/lib/server/cache/memo-cache";
import { findRun } from "@/lib/server/runs/find-run";
import { runVersions } from "@/lib/server/runs/run-version";
import { LR_FINDER_TAG } from "@/lib/importers/formats/torch-lr-finder";
import { loadRunSeries } from "./load-run-series";

type StoredRun = Awaited<ReturnType<typeof findRun>>;

// Reading and analysing a million-step run takes seconds; an unchanged run, asked the same question,
// gets the same answer. Keyed by run id + row version + the whole question: the analysis reads the
// run's tags (lr-finder) and config too, and an edit of those logs nothing.
const cache = new MemoCache<Awaited<ReturnType<typeof analyze>>>({ max: 500 });

/** The run's diagnosis (schedule, plateaus, ReduceLROnPlateau replay, events, advice, LR finder). */
export async function analyzeStoredRun(db: Database, opts: { runId: string; query: TAnalysisQuery }) {
  const version = (await runVersions(db, [opts.runId])).get(opts.runId);
  const run = await findRun(db, opts.runId);
  const q = opts.query;
  const metric = q.metric ?? run.project.mainMetric;
  const mode = q.mode ?? (run.project.mainMetricMode === "min" ? "min" : "max");
  const key = `${run.id}@${version ?? "new"}?${JSON.stringify({ ...q, metric, mode })}`;
  return cache.getOrCompute(key, () => analyze(db, run, q, metric, mode));
}

async function analyze(db: Database, run: StoredRun, q: TAnalysisQuery, metric: string, mode: "min" | "max") {
  const keys = Object.keys(run.metricStats as object).filter((k) => !k.startsWith("_"));
  const { series, epochs } = await loadRunSeries(db, run, keys);
  const replay = Object.fromEntries(
    Object.entries({
      factor: q.factor,
      patience: q.patience,
      threshold: q.threshold,
      thresholdMode: q.thresholdMode,
      cooldown: q.cooldown,
      minLr: q.minLr,
      eps: q.eps,
    }).filter(([, v]) => v !== undefined),
  );
  // "auto": a run the importer read as an LR range test (tagged lr-finder) is one, linear sweeps included,
  // which the LR alone does not tell from a warmup the log ends in; otherwise the LR's shape decides.
  const torchLrFinderHistory = run.tags.includes(LR_FINDER_TAG);
  const analysis = analyzeRun(
    { series, epochs, config: run.config as Record<string, unknown> },
    { metric, mode, replay, isRangeTest: q.rangeTest === "auto" ? torchLrFinderHistory || undefined : q.rangeTest === "true", torchLrFinderHistory },
  );
  return { runId: run.id, metric, mode, ...analysis };
}
