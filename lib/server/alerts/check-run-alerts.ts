import "server-only";
import type { Database } from "@/lib/db/client";
import { currentPlateau, findMetricKey } from "@/lib/analysis";
import { formatInt } from "@/lib/analysis/format";
import type { AlertRule } from "@/lib/alerts/alert-rules";
import { ZAnalysisQuery } from "@/lib/schemas/analysis";
import { analyzeStoredRun } from "@/lib/server/analysis/analyze-stored-run";
import { loadRunSeries } from "@/lib/server/analysis/load-run-series";
import { runUrl } from "@/lib/server/runs/run-view";
import { enqueueAlerts, type AlertOccurrence } from "./enqueue-alerts";

const CHECKS_PER_ROUND = 10;

/**
 * Claims runs whose alert check is due (one instance each: SKIP LOCKED) and fires the analysis
 * rules on what the run's diagnosis finds — the same events the run page marks. Returns how many
 * runs were checked.
 */
export async function checkDueRuns(db: Database): Promise<number> {
  const due = await db.sql.query<{ id: string }>(
    `UPDATE runs SET alert_check_at = NULL
      WHERE id IN (SELECT id FROM runs WHERE alert_check_at <= now() ORDER BY alert_check_at LIMIT ${CHECKS_PER_ROUND} FOR UPDATE SKIP LOCKED)
      RETURNING id`,
  );
  for (const { id } of due) {
    try {
      await checkRunAlerts(db, id);
    } catch (err) {
      console.error(`[anneal] alert check of run ${id} failed:`, err);
    }
  }
  return due.length;
}

/** Fires nan, divergence, spike and plateau alerts for one run; each occurrence once (enqueueAlerts). */
export async function checkRunAlerts(db: Database, runId: string): Promise<number> {
  const run = await db.prisma.run.findUnique({ where: { id: runId }, include: { project: true } });
  if (!run) return 0;
  const alerts = await db.prisma.alert.findMany({ where: { projectId: run.projectId, enabled: true } });
  const wanted = new Set(alerts.flatMap((a) => a.rules));
  if (!["nan", "divergence", "spike", "plateau"].some((r) => wanted.has(r))) return 0;
  const link = runUrl(run.project.slug, run.id);
  const occurrences: AlertOccurrence[] = [];
  const at = (rule: AlertRule, occurrence: string, title: string, details: Record<string, unknown>) =>
    occurrences.push({ projectId: run.projectId, rule, occurrence, runId: run.id, title, link, details });

  if (wanted.has("nan") || wanted.has("divergence") || wanted.has("spike")) {
    // The run page's own question (default parameters), so the cache answers both.
    const analysis = await analyzeStoredRun(db, { runId: run.id, query: ZAnalysisQuery.parse({}) });
    // An LR range test blows up on purpose: its divergence and spikes are the result, not news.
    const rangeTest = analysis.lrFinder !== undefined;
    const events = analysis.events.filter((e) => !rangeTest || e.type === "nan");
    const nan = events.filter((e) => e.type === "nan").sort((a, b) => a.step - b.step)[0];
    if (nan)
      at("nan", `nan:${run.id}`, `${nan.detail.value} in ${nan.detail.key} at step ${formatInt(nan.step)} — run ${run.name}`, {
        step: nan.step,
        ...nan.detail,
      });
    const divergence = events.find((e) => e.type === "divergence");
    if (divergence)
      at("divergence", `divergence:${run.id}`, `Loss diverges from step ${formatInt(divergence.step)} — run ${run.name}`, {
        step: divergence.step,
        ...divergence.detail,
      });
    for (const spike of events.filter((e) => e.type === "spike")) {
      at("spike", `spike:${run.id}:${spike.step}`, `Loss spike at step ${formatInt(spike.step)} — run ${run.name}`, { step: spike.step, ...spike.detail });
    }
  }

  const plateauAlerts = alerts.filter((a) => a.rules.includes("plateau"));
  if (plateauAlerts.length && run.status === "running") {
    const metricKey = findMetricKey(Object.keys(run.metricStats as object), run.project.mainMetric);
    const series = metricKey ? (await loadRunSeries(db, run, [metricKey])).series[metricKey] : undefined;
    const mode = run.project.mainMetricMode === "min" ? "min" : "max";
    for (const alert of series ? plateauAlerts : []) {
      const p = currentPlateau(series!, { mode, patience: alert.plateauEvaluations });
      if (!p) continue;
      occurrences.push({
        projectId: run.projectId,
        rule: "plateau",
        occurrence: `plateau:${run.id}:${p.sinceStep}`,
        runId: run.id,
        title: `${metricKey} has not improved for ${p.evaluations} evaluations (best at step ${formatInt(p.sinceStep)}) — run ${run.name}`,
        link,
        details: { metric: metricKey, sinceStep: p.sinceStep, evaluations: p.evaluations },
        alertIds: [alert.id],
      });
    }
  }
  let queued = 0;
  for (const o of occurrences) queued += await enqueueAlerts(db.sql, o);
  return queued;
}
