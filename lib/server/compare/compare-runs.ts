import "server-only";
import type { Database } from "@/lib/db/client";
import { compareVerdict, findLossKey, findLrKeys, findMetricKey } from "@/lib/analysis";
import type { Series } from "@/lib/analysis/types";
import { configDiff } from "@/lib/compare/config-diff";
import { groupGrid } from "@/lib/compare/groups";
import { summarizeRun, type RunSummary } from "@/lib/compare/summary";
import type { TCompareQuery } from "@/lib/schemas/compare";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { baselineVerdict } from "@/lib/analysis/baseline-verdict";
import { readSteps, type SeriesRequest, type StepSeries } from "@/lib/server/metrics/read-series";
import { statsExtent } from "@/lib/server/metrics/stats-extent";
import { StepMapping } from "@/lib/server/metrics/step-mapping";
import { EPOCH_KEY, TIME_KEY } from "@/lib/schemas/metrics";
import { fromWire, type WireNumber } from "@/lib/schemas/wire";
import { readRunsWithProject, runSummaryView, type MetricStats, type ProjectRef, type RunRow } from "@/lib/server/runs/run-view";
import { crashCutoff } from "@/lib/server/runs/crash-rule";
import { MemoCache } from "@/lib/server/cache/memo-cache";

/**
 * Points of the main metric the summary is computed from. Long runs are read as bucket means of
 * their block summaries, so 100 compared runs stay cheap; stepsTo90/95 and the AUC are then
 * resolved to 1/500 of the run; best, its step and the final value come exactly from the stats.
 */
const SUMMARY_POINTS = 500;
/**
 * Points of the LR (its value at the best step) and the loss (the divergence test): a quarter,
 * read from summaries four times coarser, so they cost a fraction of the metric's read instead of
 * as much each. Epochs and times keep the metric's resolution: they place its best step.
 */
const AUX_POINTS = 125;

/**
 * GET /api/v1/compare: config diff, per-run summary of the main metric, groups (arms) and the
 * controlled-comparison verdict. Series are read at ≤ 500 points each, so the cost does not grow
 * with run length; best, its step and the final value come exactly from the stored per-metric stats.
 */
export async function compareRuns(db: Database, q: TCompareQuery) {
  const byId = new Map((await readCompared(db, q.runs)).map((r) => [r.id, r]));
  const missing = q.runs.filter((id) => !byId.has(id));
  if (missing.length) throw notFound(`Run(s) ${missing.join(", ")}`);
  const runs = q.runs.map((id) => byId.get(id)!);
  const project = runs[0].project;
  const metric = q.metric ?? project.mainMetric;
  const mode = q.mode ?? (project.mainMetricMode === "min" ? "min" : "max");

  const perRun = await summarizeRuns(db, runs, metric, mode);
  const summary: Record<string, RunSummary> = {};
  perRun.forEach((p, i) => (summary[runs[i].id] = p.summary));

  const configs = runs.map((r) => ({ id: r.id, config: r.config as Record<string, unknown> }));
  const { groups, verdict } = compareVerdict({
    runs: runs.map((r, i) => ({ id: r.id, config: r.config as Record<string, unknown>, metric: perRun[i].metric })),
    metric,
    mode,
    groupBy: q.groupBy.length ? q.groupBy : undefined,
  });
  if (q.baseline && !q.runs.includes(q.baseline)) {
    throw new ApiError("invalid_argument", "The baseline must be one of the compared runs", [{ path: "query.baseline", message: "not in runs" }]);
  }
  const vsBaseline = q.baseline
    ? baselineVerdict({
        baselineId: q.baseline,
        runs: runs.map((r) => ({ id: r.id, name: r.name, best: summary[r.id].best })),
        groups: q.groupBy.length ? groups : undefined,
        metric,
        mode,
      })
    : null;
  const grid =
    q.groupBy.length === 2
      ? groupGrid(
          configs.map((c) => ({ ...c, summary: summary[c.id] })),
          q.groupBy[0],
          q.groupBy[1],
        )
      : undefined;
  const crashedBefore = crashCutoff();
  return {
    metric,
    mode,
    runs: runs.map((r) => runSummaryView(r, r.project, r.metricStats[r.project.mainMetric], crashedBefore)),
    configDiff: configDiff(configs),
    configAll: configDiff(configs, { showAll: true }),
    summary,
    groups,
    ...(grid ? { grid } : {}),
    ...(verdict ? { verdict } : {}),
    ...(vsBaseline ? { vsBaseline } : {}),
  };
}

/** A compared run: its row, stored per-key stats and project, and its row version (lib/server/runs/run-version.ts). */
type ComparedRun = RunRow & { metricStats: Record<string, MetricStats>; project: ProjectRef; version: string };

/**
 * The compared runs with their projects, in one plain query: the columns the answer shows, the
 * stored per-key stats (not the MLflow and summary JSON the ORM's whole rows carried) and the row's
 * version, read before the runs' series (see runVersions: a write in between only makes a cached
 * summary newer than its key).
 */
function readCompared(db: Database, ids: string[]): Promise<ComparedRun[]> {
  return readRunsWithProject<Pick<ComparedRun, "metricStats" | "version">>(db, ids, `r.metric_stats AS "metricStats", r.xmin::text AS version`);
}

/** What the answer takes from one run's series: its summary, and its metric as read (the verdict's input). */
interface SummarizedRun {
  summary: RunSummary;
  metric: Series;
}

/**
 * Summaries by run id + row version + metric + mode: every write to a run (a metric append, an
 * edit) makes a new row version, so a summary is never served for data it wasn't computed from,
 * and reopening a comparison of unchanged runs reads no series at all. Entries weigh their metric
 * series' points (≤ SUMMARY_POINTS each, ~16 bytes a point).
 */
const summaries = new MemoCache<SummarizedRun>({ maxSize: 16 * 2 ** 20, sizeOf: (s) => 512 + 16 * s.metric.steps.length });

/** Each run's summary: from the cache, or for the runs it lacks, from their series in one read (one index query, one fetch). */
async function summarizeRuns(db: Database, runs: ComparedRun[], metric: string, mode: "max" | "min"): Promise<SummarizedRun[]> {
  const cacheKey = (run: ComparedRun) => `${run.id}@${run.version}/${metric}/${mode}`;
  const cached = runs.map((run) => summaries.peek(cacheKey(run)));
  const missing = runs.filter((_, i) => !cached[i]);
  const wanted = missing.map((run) => summaryKeys(run, metric));
  const requests = missing.flatMap((run, i) => seriesRequests(run, wanted[i]));
  const read = await readSteps(db.sql, requests);
  const computed = new Map(
    missing.map((run, i) => {
      const own = new Map(requests.flatMap((r, k) => (r.runId === run.id ? [[r.key, read[k]] as const] : [])));
      const result = summarizeStoredRun(run, wanted[i], own, mode);
      summaries.set(cacheKey(run), result);
      return [run.id, result];
    }),
  );
  return runs.map((run, i) => cached[i] ?? computed.get(run.id)!);
}

/** The keys a run's summary reads: the metric, LR and loss keys it logged, and its epochs and times. */
function summaryKeys({ metricStats: stats }: ComparedRun, metric: string) {
  const keys = Object.keys(stats).filter((k) => !k.startsWith("_"));
  const metricKey = findMetricKey(keys, metric);
  const lrKey = findLrKeys(keys)[0] ?? null;
  const lossKey = findLossKey(keys);
  return { metricKey, lrKey, lossKey, all: [metricKey, lrKey, lossKey, EPOCH_KEY, TIME_KEY].filter((k): k is string => !!k && k in stats) };
}

/** The run's summary keys over its whole range: LR and loss in AUX_POINTS buckets, the others in SUMMARY_POINTS. */
function seriesRequests(run: ComparedRun, wanted: ReturnType<typeof summaryKeys>): SeriesRequest[] {
  const stats = run.metricStats;
  const extent = statsExtent(stats, wanted.all);
  if (!extent) return [];
  return wanted.all.map((key) => ({
    runId: run.id,
    key,
    lo: extent.lo,
    hi: extent.hi,
    maxPoints: key !== wanted.metricKey && (key === wanted.lrKey || key === wanted.lossKey) ? AUX_POINTS : SUMMARY_POINTS,
    points: stats[key].count,
    // The summary uses the buckets' means alone, no min/max.
    meansOnly: true,
  }));
}

function summarizeStoredRun(
  { metricStats: stats }: ComparedRun,
  { metricKey, lrKey, lossKey }: ReturnType<typeof summaryKeys>,
  read: Map<string, StepSeries>,
  mode: "max" | "min",
): SummarizedRun {
  const asSeries = (key: string | null): Series => {
    const s = key ? read.get(key) : undefined;
    if (!s) return { steps: [], values: [] };
    return s.downsampled ? { steps: s.x, values: s.y } : { steps: Array.from(s.steps), values: Array.from(s.values) };
  };
  const m = asSeries(metricKey);
  const xy = (s: Series) => ({ x: s.steps, y: s.values });
  const mapping = (key: string) => (key in stats ? new StepMapping(asSeries(key).steps, asSeries(key).values) : null);
  const epochs = mapping(EPOCH_KEY);
  const times = mapping(TIME_KEY);
  const toEpoch = epochs ? (step: number) => epochs.toX(step) : undefined;
  const summary = summarizeRun({
    metric: xy(m),
    mode,
    lr: lrKey ? xy(asSeries(lrKey)) : undefined,
    loss: lossKey ? xy(asSeries(lossKey)) : undefined,
    time: times ? m.steps.map((step) => times.toX(step)) : undefined,
    runStartTime: times?.first(),
    toEpoch,
  });
  // Bucket means blur the peak and the end of a long run: the stored stats hold the exact best and
  // its step, and the last logged value (non-finite included: a run that ended in NaN ends in NaN).
  const exact = metricKey ? stats[metricKey] : undefined;
  if (exact && read.get(metricKey!)?.downsampled) {
    summary.final = fromWire(exact.last as WireNumber);
    summary.best = mode === "max" ? exact.max : exact.min;
    summary.bestStep = mode === "max" ? exact.maxStep : exact.minStep;
    summary.bestEpoch = summary.bestStep !== null && toEpoch ? toEpoch(summary.bestStep) : null;
  }
  return { summary, metric: m };
}
