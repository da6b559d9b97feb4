import "server-only";
import type { Database } from "@/lib/db/client";
import { bestOf, defaultMode, runSummaryView, type MetricStats } from "./run-view";
import { findRun } from "./find-run";
import { crashCutoff } from "./crash-rule";

/** A run with config, status, summary (last and best of every metric, plus user summary) and metric ranges. */
export async function getRun(db: Database, opts: { id: string; now?: Date }) {
  return runDetail(await findRun(db, opts.id), crashCutoff(opts.now));
}

/** The same for many runs in one query, in the order asked; runs that don't exist are left out. */
export async function getRuns(db: Database, ids: readonly string[]) {
  const rows = await db.prisma.run.findMany({ where: { id: { in: [...ids] } }, include: { project: true } });
  const cutoff = crashCutoff();
  return ids.flatMap((id) => rows.filter((r) => r.id === id).map((r) => runDetail(r, cutoff)));
}

export type RunDetailView = ReturnType<typeof runDetail>;

function runDetail(run: Awaited<ReturnType<typeof findRun>>, crashedBefore: Date) {
  const stats = run.metricStats as unknown as Record<string, MetricStats>;
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
