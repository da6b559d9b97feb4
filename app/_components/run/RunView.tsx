"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { MetricsAxis, RunDetail, RunDiagnosis } from "../api-types";
import { DiagnosisPanel } from "../diagnosis/DiagnosisPanel";
import { OverlayToggles } from "../diagnosis/OverlayToggles";
import { LivePlateauBadge } from "../diagnosis/PlateauBadge";
import { ALL_OVERLAYS_ON, chartOverlay, type ChartOverlay, type OverlayToggles as Toggles } from "@/lib/diagnosis/overlays";
import { useRunAnalysis, type RunAnalysisState } from "../diagnosis/use-run-analysis";
import { useRunsDiagnosis } from "../diagnosis/use-runs-diagnosis";
import { formatDuration, formatInt } from "@/lib/format/format-values";
import { RelativeTime } from "../RelativeTime";
import { ErrorNotice, SkeletonRows } from "../Notice";
import { StatusBadge } from "../StatusBadge";
import { pollWhile, runQuery } from "../query/queries";
import { MetricChart } from "./MetricChart";
import { useLive } from "../live/LiveProject";
import { useProjectCan } from "../auth/ProjectTabs";
import { anchorOf, CommentThreads, useComments } from "../review/CommentThreads";
import { NotesEditor, ReviewControl, TagsEditor } from "../review/RunReview";
import type { Comment } from "../review/review-types";
import type { ChartMarker } from "@/lib/charts/chart-types";
import { orderMetricKeys } from "@/lib/runs/metric-order";
import { ConfigTable, SummaryTable } from "./RunTables";
import { RunArtifacts } from "./RunArtifacts";
import { RUN_AXIS_TITLES } from "@/lib/charts/axis-format";

const LIVE_REFRESH_MS = 5_000;
const isRunning = (run: RunDetail) => run.status === "running";

/** The run page's data view: header, config, summary and one chart per metric. */
export function RunView({ runId, focusComment = null }: { runId: string; focusComment?: string | null }) {
  // While the project's event stream is open, events refresh the run; polling is the fallback.
  const { connected } = useLive();
  const { data: run, error, refetch } = useQuery({ ...runQuery(runId), refetchInterval: connected ? false : pollWhile(LIVE_REFRESH_MS, isRunning) });
  const reload = () => void refetch();
  const [axis, setAxis] = useState<MetricsAxis>("step");
  const [toggles, setToggles] = useState<Toggles>(ALL_OVERLAYS_ON);
  const live = run !== undefined && isRunning(run);
  const analysis = useRunAnalysis(runId, live && !connected, run?.config);
  const diagnosis = useRunsDiagnosis(live ? [runId] : [], live && !connected ? LIVE_REFRESH_MS : undefined).get(runId);
  const overlays = useChartOverlays(run, analysis, toggles, axis);
  const [focus, setFocus] = useState<string | null>(focusComment);
  const comments = useComments({ kind: "run", id: runId });
  const markers = useCommentMarkers(comments.data?.comments, axis);
  const zoomTo = useFocusZoom(comments.data?.comments, focus, run);

  if (error && !run) return <ErrorNotice message={error.message} onRetry={reload} />;
  if (!run) return <SkeletonRows rows={6} label="Loading run" />;

  const axes: MetricsAxis[] = ["step", ...(run.hasEpoch ? (["epoch"] as const) : []), ...(run.hasTime ? (["relative"] as const) : [])];
  const keys = orderMetricKeys(
    run.metrics.map((m) => m.key),
    run.best.metric,
  );

  return (
    <div className="space-y-6" data-testid="run-view" data-run-id={run.id} data-status={run.status}>
      <RunHeader run={run} live={live && !connected} diagnosis={diagnosis} />
      {error && <ErrorNotice message={error.message} onRetry={reload} />}
      <section aria-labelledby="charts-h" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="charts-h" className="text-base font-semibold">
            Charts
          </h2>
          {axes.length > 1 && (
            <fieldset className="no-print flex items-center gap-1 text-sm" data-testid="x-axis">
              <legend className="sr-only">x axis</legend>
              <span aria-hidden className="mr-1 text-slate-600 dark:text-slate-400">
                x axis
              </span>
              {axes.map((a) => (
                <label
                  key={a}
                  className="cursor-pointer rounded-md border border-slate-300 px-2 py-0.5 has-checked:border-indigo-600 has-checked:bg-indigo-600 has-checked:text-white has-focus-visible:outline-2 has-focus-visible:outline-indigo-500 dark:border-slate-600"
                >
                  <input type="radio" name="x-axis" value={a} checked={axis === a} onChange={() => setAxis(a)} className="sr-only" />
                  {RUN_AXIS_TITLES[a]}
                </label>
              ))}
            </fieldset>
          )}
        </div>
        {keys.length === 0 ? (
          <p
            data-testid="empty"
            className="rounded-lg border border-dashed border-slate-300 p-6 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400"
          >
            No metrics logged yet.{run.status === "running" ? " Charts appear here as soon as the run logs its first values." : ""}
          </p>
        ) : (
          <>
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p className="no-print text-xs text-slate-500 dark:text-slate-400">Drag across a chart to zoom in; double-click to reset.</p>
              <OverlayToggles
                value={toggles}
                onChange={(kind, on) => setToggles((t) => ({ ...t, [kind]: on }))}
                note={axis === "step" ? undefined : "drawn on the step axis"}
                hidden={analysis.data?.lrFinder ? ["replay"] : []}
              />
            </div>
            <div className="grid gap-4 lg:grid-cols-2 print:grid-cols-2">
              {keys.map((key) => (
                <MetricChart
                  key={`${key}:${axis}`}
                  runId={run.id}
                  metricKey={key}
                  axis={axis}
                  live={live}
                  overlay={overlays.get(key)}
                  markers={markers.get(key)}
                  onMarker={setFocus}
                  zoomTo={zoomTo?.key === key && axis === "step" ? zoomTo.range : null}
                />
              ))}
            </div>
          </>
        )}
      </section>
      <CommentThreads subject={{ kind: "run", id: run.id }} keys={keys} focus={focus} onShowAnchor={(_a, id) => setFocus(id)} />
      <DiagnosisPanel analysis={analysis} configuredSchedule={typeof run.schedule === "string" ? run.schedule : null} />
      <div className="grid gap-8 lg:grid-cols-2">
        <SummaryTable run={run} />
        <ConfigTable config={run.config} />
      </div>
      <RunArtifacts runId={run.id} />
    </div>
  );
}

/** Per chart key, the diagnosis overlays to draw; analysis steps only map onto the step axis. */
function useChartOverlays(run: RunDetail | undefined, analysis: RunAnalysisState, toggles: Toggles, axis: MetricsAxis): ReadonlyMap<string, ChartOverlay> {
  const data = analysis.data;
  const metrics = run?.metrics;
  return useMemo(() => {
    const out = new Map<string, ChartOverlay>();
    if (!data || !metrics || axis !== "step") return out;
    const keys = metrics.map((m) => m.key);
    const lr = metrics.find((m) => m.key === data.schedule.lrKey);
    const ctx = { analysis: data, toggles, keys, lrExtent: lr ? { min: lr.stepMin, max: lr.stepMax } : null };
    for (const key of keys) out.set(key, chartOverlay(key, ctx));
    return out;
  }, [data, metrics, toggles, axis]);
}

/** Comments anchored on a chart, per metric key, as markers (step axis only: anchors are steps). */
function useCommentMarkers(comments: Comment[] | undefined, axis: MetricsAxis): ReadonlyMap<string, ChartMarker[]> {
  return useMemo(() => {
    const out = new Map<string, ChartMarker[]>();
    if (axis !== "step") return out;
    for (const c of comments ?? []) {
      const a = anchorOf(c);
      if (!a || c.parentId || c.deleted) continue;
      const excerpt = c.body.length > 120 ? `${c.body.slice(0, 119)}…` : c.body;
      out.set(a.key, [...(out.get(a.key) ?? []), { id: c.id, x: a.x, label: `${c.author.name} at step ${formatInt(a.x)}: ${excerpt}` }]);
    }
    return out;
  }, [comments, axis]);
}

/** The chart range a focused comment opens: its key, zoomed to a tenth of the run's length on either side of its step. */
function useFocusZoom(comments: Comment[] | undefined, focus: string | null, run: RunDetail | undefined) {
  return useMemo(() => {
    const c = comments?.find((x) => x.id === focus);
    const root = c?.parentId ? comments?.find((x) => x.id === c.parentId) : c;
    const a = root ? anchorOf(root) : null;
    const metric = a && run?.metrics.find((m) => m.key === a.key);
    if (!a || !metric) return null;
    const half = Math.max(1, (metric.stepMax - metric.stepMin) * 0.1);
    return { key: a.key, range: { min: Math.max(metric.stepMin, a.x - half), max: Math.min(metric.stepMax, a.x + half) } };
  }, [comments, focus, run]);
}

function RunHeader({ run, live, diagnosis }: { run: RunDetail; live: boolean; diagnosis: RunDiagnosis | undefined }) {
  // Review status, tags and notes are editors' (viewers see them, and comment).
  const canEdit = useProjectCan(run.project, "write") === true;
  const facts: [string, React.ReactNode][] = [
    ["Started", <RelativeTime key="t" iso={run.startedAt} />],
    ["Duration", formatDuration(run.durationSeconds)],
    ["Last step", formatInt(run.lastStep)],
  ];
  if (run.group) facts.push(["Group", run.group]);
  return (
    <header className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="break-all text-2xl font-semibold" data-testid="run-name">
          {run.name}
        </h1>
        <StatusBadge status={run.status} />
        <ReviewControl run={run} canEdit={canEdit} />
        <LivePlateauBadge status={run.status} diagnosis={diagnosis} />
        {live && <span className="text-xs text-sky-700 dark:text-sky-300">refreshing every 5 s</span>}
        <a className="btn-secondary no-print ml-auto" href={`/api/v1/runs/${encodeURIComponent(run.id)}/metrics.csv`} download data-testid="download-csv">
          Download CSV
        </a>
      </div>
      <dl className="flex flex-wrap gap-x-8 gap-y-2 text-sm">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
            <dd className="tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <TagsEditor run={run} canEdit={canEdit} />
      <NotesEditor run={run} canEdit={canEdit} />
    </header>
  );
}
