import "server-only";
import type { Database } from "@/lib/db/client";
import { bestOf, defaultMode, readRunsWithProject, runSummaryView, type MetricStats, type ProjectRef, type RunRow } from "./run-view";
import { findRun } from "./find-run";
import { crashCutoff } from "./crash-rule";

/** A run with config, status, summary (last and best of every metric, plus user summary) and metric ranges. */
export async function getRun(db: Database, opts: { id: string; now?: Date }) {
  return runDetail(await findRun(db, opts.id), crashCutoff(opts.now));
}

/**
 * The same for many runs in one plain query (a page's first view: the columns the detail shows,
 * not the ORM's whole rows with their MLflow JSON), in the order asked. Runs that don't exist, or
 * whose project `canRead` refuses, are left out.
 */
export async function getRuns(db: Database, ids: readonly string[], canRead: (projectId: number) => boolean) {
  const rows = await readRunsWithProject<Omit<DetailRow, keyof RunRow>>(db, ids, `r.metric_stats AS "metricStats", r.summary`);
  const cutoff = crashCutoff();
  const byId = new Map(rows.filter((r) => canRead(r.projectId)).map((run) => [run.id, run]));
  return ids.flatMap((id) => {
    const run = byId.get(id);
    return run ? [runDetail(run, cutoff)] : [];
  });
}

export type RunDetailView = ReturnType<typeof runDetail>;

/** What a run's detail is made of: its row with its stats and user summary, and its project. */
interface DetailRow extends RunRow {
  metricStats: unknown;
  summary: unknown;
}

function runDetail(run: DetailRow & { project: ProjectRef }, crashedBefore: Date) {
  const stats = run.metricStats as Record<string, MetricStats>;
  const metricSummary: Record<string, unknown> = {};
  const metrics = [];
  for (const [key, s] of Object.entries(stats).sort(([a], [b]) => a.localeCompare(b))) {
    if (key.startsWith("_")) continue;
    const mode = defaultMode(key, run.project);
    metricSummary[key] = {
      last: s.last,
      lastStep: s.lastStep,
      best: bestOf(s, mode)?.value ?? null,
      bestStep: bestOf(s, mode)?.step ?? null,
      mode,
      min: s.min,
      minStep: s.minStep,
      max: s.max,
      maxStep: s.maxStep,
    };
    metrics.push({ key, count: s.count, stepMin: s.stepLo, stepMax: s.stepHi, nonFinite: s.nonFinite });
  }
  return {
    ...runSummaryView(run, run.project, stats[run.project.mainMetric], crashedBefore),
    summary: { ...metricSummary, ...(run.summary as Record<string, unknown>) },
    metrics,
    hasEpoch: "_epoch" in stats,
    hasTime: "_time" in stats,
  };
}
