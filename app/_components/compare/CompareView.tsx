"use client";

import dynamic from "next/dynamic";
import { useLatest } from "../use-latest";
import { useSearchParams } from "next/navigation";
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import { assignRunColors, RUN_PALETTE } from "@/lib/charts/colors";
import { seriesCsv, summaryCsv } from "@/lib/compare/csv";
import { ErrorNotice, SkeletonRows } from "../Notice";
import { PageLink } from "../PageLink";
import { useFirstViewDrawn } from "../first-view";
import { StatusBadge } from "../StatusBadge";
import { csvColumns, type GroupInput, type RunSeriesInput } from "@/lib/compare/chart-data";
import { download } from "./CompareChart";
import { Controls } from "./Controls";
import { Verdict, VerdictPending } from "./Diagnosis";
import { createHoverStore } from "./hover-store";
import { ChartStack } from "./ChartStack";
import type { LegendEntry } from "./Legend";
import { useCompareData } from "./use-compare-data";
import { unwireSummaries } from "./wire-summaries";
import { useSeen } from "./use-seen";
import { ReviewBar } from "../review/ReviewBar";
import { X_AXES } from "@/lib/charts/align";
import { parseState, serializeState, type CompareState } from "@/lib/compare/url-state";
import { CHART_PX_COOKIE, readWidth } from "@/lib/compare/view-reads";
import type { RunDetail } from "../api-types";

/**
 * The tables below the charts (summary, groups, config diff, diagnosis) come with the compare
 * answer, which is asked for once the charts are drawn: their code loads then too, not with the
 * JavaScript the page needs before it can draw.
 */
const CompareTables = dynamic(() => import("./CompareTables").then((m) => m.CompareTables), {
  loading: () => <SkeletonRows rows={4} label="Loading summary" />,
});

/** Zooming to a marked point shows this share of the run's length on either side. */
const MARK_WINDOW = 0.1;

/**
 * The compare screen. The URL is the state: every control writes it, every render reads it.
 * `initialDetails`: the runs' details the server rendered the page with; `initialWidthPx`: the
 * chart width it started the first series reads for.
 */
export function CompareView({ slug, initialDetails, initialWidthPx = 0 }: { slug: string; initialDetails?: readonly RunDetail[]; initialWidthPx?: number }) {
  const params = useSearchParams();
  const query = params.toString();
  const parsed = useMemo(() => parseState(new URLSearchParams(query)), [query]);
  // The run list keeps its identity while only other settings change (zoom, smoothing…), so what
  // is derived from it (colours, the memoised tables) isn't rebuilt on every URL update.
  const runsKey = parsed.runs.join(",");
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableRuns = useMemo(() => parsed.runs, [runsKey]);
  const state = useMemo(() => ({ ...parsed, runs: stableRuns }), [parsed, stableRuns]);
  const stateRef = useLatest(state);
  // replaceState, not router navigation: Next keeps useSearchParams in sync without a server round
  // trip. The state argument must be null: Next ignores calls that pass its own history state.
  const prefetchRef = useRef<(next: CompareState) => void>(() => {});
  const update = useCallback(
    (patch: Partial<CompareState>) => {
      const query = serializeState({ ...stateRef.current, ...patch });
      // A zoom's reads leave now, before the re-render (read back as that render will: the URL
      // rounds what it holds). Other changes can need reads not known yet (a new run's details).
      if ("zoom" in patch) prefetchRef.current(parseState(new URLSearchParams(query)));
      window.history.replaceState(null, "", `?${query}`);
    },
    [stateRef],
  );

  // The charts' reads start with the first render at the width the server preloaded them for
  // (then kept if the charts measure no wider): no render round trip for a measurement first.
  const [width, setWidth] = useState(initialWidthPx);
  const [hover] = useState(createHoverStore);
  const [tablesRef, tablesSeen] = useSeen();
  const data = useCompareData(state, width, tablesSeen, initialDetails);
  useFirstViewDrawn(data.chartsDrawn || state.runs.length === 0);
  useLayoutEffect(() => {
    prefetchRef.current = data.prefetch;
  });
  const cmp = data.compare.data;

  // The charts need only the runs' details, so they start before the (heavier) compare answer.
  const runs = useMemo(() => cmp?.runs ?? state.runs.flatMap((id) => data.details.data.get(id) ?? []), [cmp, state.runs, data.details.data]);
  // Beyond 20 runs the palette runs out: runs are then coloured by arm (the API's groups).
  const colors = useMemo(() => {
    const armOf = new Map(cmp?.groups.flatMap((g) => g.runIds.map((id) => [id, g.label] as const)));
    return assignRunColors(state.runs, (id) => armOf.get(id) ?? id);
  }, [state.runs, cmp]);
  const grouping = state.groupBy.length > 0 && cmp !== undefined && cmp.groups.length > 0;
  // Groups are few and sorted by value: palette order keeps neighbours apart in hue and lightness.
  const groupColors = useMemo(() => new Map(cmp?.groups.map((g, i) => [g.label, RUN_PALETTE[i % RUN_PALETTE.length]])), [cmp]);

  const runInputs = useMemo(
    (): RunSeriesInput[] =>
      runs.map((r) => {
        const plan = data.plans.get(r.id) ?? null;
        const response = data.series.data.get(r.id);
        // Points fetched for another server axis must not be drawn on this one.
        const series = response && plan && response.x === plan.server ? response.series : undefined;
        return { id: r.id, name: r.name, color: colors.get(r.id) ?? "#888", plan, series };
      }),
    [runs, data.plans, data.series.data, colors],
  );
  const groupInputs = useMemo(
    (): GroupInput[] | null =>
      grouping
        ? cmp.groups
            .filter((g) => !state.hidden.includes(g.label))
            .map((g) => ({ label: g.label, color: groupColors.get(g.label) ?? "#888", runIds: g.runIds }))
        : null,
    [grouping, cmp, state.hidden, groupColors],
  );
  const visibleRuns = useMemo(() => (grouping ? runInputs : runInputs.filter((r) => !state.hidden.includes(r.id))), [grouping, runInputs, state.hidden]);

  const onMark = (runId: string, step: number) => {
    const run = runInputs.find((r) => r.id === runId);
    const stepBased = run?.plan?.server === "step";
    const scale = stepBased ? run.plan!.scale : 1;
    const last = Math.max(step, ...(data.details.data.get(runId)?.metrics.map((m) => m.stepMax) ?? []));
    const half = Math.max(1, last * MARK_WINDOW) * scale;
    const x = step * scale;
    update({
      mark: { runId, step },
      x: stepBased ? state.x : "step",
      zoom: { min: Math.max(0, x - half), max: x + half },
      hidden: state.hidden.filter((h) => h !== runId),
    });
  };
  // A stable handler for the memoised tables; it runs the latest render's onMark.
  const onMarkRef = useLatest(onMark);
  const stableOnMark = useCallback((runId: string, step: number) => onMarkRef.current(runId, step), [onMarkRef]);

  if (state.runs.length === 0) {
    return <ErrorNotice message="No runs to compare. Select runs in the project's runs table and press Compare." />;
  }
  if (data.compare.error && !cmp) return <ErrorNotice message={data.compare.error.message} onRetry={() => void data.compare.refetch()} />;
  if (runs.length === 0) return <SkeletonRows rows={8} label="Loading comparison" />;

  const axes = X_AXES.filter((a) => a === state.x || [...data.details.data.values()].some((d) => runsSupport(a, d)));
  const chartedKeys = new Set(data.charts.flat());
  const configKeys = Object.keys(cmp?.configAll ?? {});
  const legend: LegendEntry[] = grouping
    ? cmp.groups.map((g) => ({ id: g.label, label: `${g.label} (n=${g.n})`, color: groupColors.get(g.label) ?? "#888" }))
    : runs.map((r) => ({ id: r.id, label: r.name, color: colors.get(r.id) ?? "#888", detail: r.status }));

  const exportSeries = () => {
    const csv = seriesCsv(csvColumns([...chartedKeys], visibleRuns), state.x);
    download(URL.createObjectURL(new Blob([csv], { type: "text/csv" })), `compare-${slug}-series.csv`);
  };
  const exportSummary = () => {
    if (!cmp) return;
    download(URL.createObjectURL(new Blob([summaryCsv(runs, unwireSummaries(cmp.summary))], { type: "text/csv" })), `compare-${slug}-summary.csv`);
  };

  const onWidth = (px: number) => {
    setWidth((w) => readWidth(w, px));
    // The server starts a first view's reads for this width next time (lib/server/compare/first-view.ts).
    document.cookie = `${CHART_PX_COOKIE}=${Math.round(px)}; path=/; max-age=31536000; samesite=lax`;
  };

  return (
    <div
      className="space-y-6"
      data-testid="compare-view"
      data-x={state.x}
      data-smoothing={state.smoothing}
      data-strength={state.strength}
      data-group-by={state.groupBy.join(",")}
      data-from={state.zoom?.min}
      data-to={state.zoom?.max}
      data-live={data.live}
    >
      <header className="space-y-1">
        <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
          <PageLink href="/" className="link">
            Projects
          </PageLink>{" "}
          /{" "}
          <PageLink href={`/projects/${encodeURIComponent(slug)}`} className="link">
            {slug}
          </PageLink>{" "}
          / <span aria-current="page">compare</span>
        </nav>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">
            Compare {runs.length} runs on {data.metricName}
            {cmp && ` (${cmp.mode})`}
          </h1>
          {data.live && <StatusBadge status="running" />}
          {data.live && <span className="text-xs text-slate-500">{data.polling ? "refreshing every 10 s" : "updating live"}</span>}
          <CopyLink />
        </div>
      </header>

      <ReviewBar slug={slug} state={state} update={update} vsBaseline={cmp?.vsBaseline} />
      {cmp?.verdict ? <Verdict verdict={cmp.verdict} /> : !cmp && !data.compare.error && state.runs.length > 1 && <VerdictPending />}

      <Controls
        state={state}
        update={update}
        axes={axes}
        configKeys={configKeys}
        metricKeys={data.metricKeys}
        runs={runs}
        chartedKeys={chartedKeys}
        onAddChart={(key) => update({ charts: [...data.charts, [key]] })}
        onExportSeries={exportSeries}
        onExportSummary={exportSummary}
      />

      <ChartStack
        state={state}
        update={update}
        charts={data.charts}
        runs={runInputs}
        visibleRuns={visibleRuns}
        groups={groupInputs}
        legend={legend}
        details={data.details}
        series={data.series}
        analyses={data.analyses.data}
        hover={hover}
        onWidth={onWidth}
      />

      <div ref={tablesRef}>
        {cmp ? (
          <CompareTables
            cmp={cmp}
            groupBy={state.groupBy.join(",")}
            showAllConfig={state.showAllConfig}
            update={update}
            runs={runs}
            colors={colors}
            groupColors={groupColors}
            grouping={grouping}
            analyses={data.analyses.data}
            onMark={stableOnMark}
          />
        ) : (
          <SkeletonRows rows={4} label="Loading summary" />
        )}
      </div>
    </div>
  );
}

function runsSupport(axis: CompareState["x"], d: { hasEpoch: boolean; hasTime: boolean }): boolean {
  return axis === "epoch" ? d.hasEpoch : axis === "relative" || axis === "time" ? d.hasTime : true;
}

function CopyLink() {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn-secondary no-print ml-auto"
      data-testid="copy-link"
      onClick={() => {
        void navigator.clipboard?.writeText(window.location.href).then(() => {
          setCopied(true);
          window.setTimeout(() => setCopied(false), 2000);
        });
      }}
    >
      {copied ? "Link copied" : "Copy link to this view"}
    </button>
  );
}
