"use client";

import { useState, type ReactNode } from "react";
import type { RunAnalysisResponse, RunDetail } from "../api-types";
import type { ChartState } from "@/lib/charts/chart-types";
import { isLrKey } from "@/lib/metrics/lr-keys";
import { AXIS_TITLES, formatAxis } from "@/lib/charts/axis-format";
import type { XRange } from "@/lib/charts/chart-types";
import type { GroupInput, RunSeriesInput } from "@/lib/compare/chart-data";
import { CompareChart } from "./CompareChart";
import { diagnosisMarks } from "@/lib/diagnosis/diagnosis-marks";
import type { HoverStore } from "./hover-store";
import { Legend, type LegendEntry } from "./Legend";
import type { QueryMap } from "../query/use-query-map";
import type { RunSeriesRead } from "./use-compare-data";
import { chartId, toggle, type CompareState } from "@/lib/compare/url-state";

interface Props {
  state: CompareState;
  update: (patch: Partial<CompareState>) => void;
  charts: string[][];
  /** Every compared run (for the notes); `visibleRuns` are the ones drawn. */
  runs: RunSeriesInput[];
  visibleRuns: RunSeriesInput[];
  groups: GroupInput[] | null;
  legend: LegendEntry[];
  details: QueryMap<RunDetail>;
  series: QueryMap<RunSeriesRead>;
  analyses: ReadonlyMap<string, RunAnalysisResponse>;
  hover: HoverStore;
  onWidth: (px: number) => void;
}

/** The shared legend and the stacked charts: one x axis, one zoom, one crosshair, one smoothing. */
export function ChartStack({ state, update, charts, runs, visibleRuns, groups, legend, details, series, analyses, hover, onWidth }: Props) {
  const [highlight, setHighlight] = useState<string | null>(null);
  const formatX = formatAxis(state.x);
  const unplotted = runs.filter((r) => details.data.has(r.id) && !r.plan).map((r) => r.name);
  const data = { runs: visibleRuns, groups, smoothing: state.smoothing, strength: state.strength, band: state.band, highlight };

  const chartState = (keys: string[]): { state: ChartState; message?: string } => {
    const needed = visibleRuns.filter((r) => r.plan && details.data.get(r.id)?.metrics.some((m) => keys.includes(m.key)));
    const failed = needed.filter((r) => series.errors.has(r.id));
    if (needed.length > 0 && failed.length === needed.length) return { state: "error", message: series.errors.get(failed[0].id)?.message };
    if (details.stale || series.stale || needed.some((r) => !r.series && !series.errors.has(r.id))) return { state: "loading" };
    const drawn = needed.some((r) => keys.some((k) => (r.series?.[k]?.x.length ?? 0) > 0));
    return drawn
      ? { state: "ready" }
      : { state: "empty", message: unplotted.length ? `Not available on the ${AXIS_TITLES[state.x]} axis` : "No points in this range" };
  };

  const diagRun = state.diag ? runs.find((r) => r.id === state.diag) : undefined;
  const diagKeys = (diagRun && details.data.get(diagRun.id)?.metrics.map((m) => m.key)) ?? [];

  const markX = (() => {
    const run = state.mark && runs.find((r) => r.id === state.mark!.runId);
    return run && run.plan?.server === "step" ? state.mark!.step * run.plan.scale : null;
  })();

  const logDefault = (keys: string[]) => isLrKey(keys[0]);
  const isLog = (keys: string[]) => (state.log ? state.log.includes(chartId(keys)) : logDefault(keys));
  const setLog = (keys: string[], on: boolean) => {
    const current = state.log ?? charts.filter(logDefault).map(chartId);
    update({ log: on ? [...new Set([...current, chartId(keys)])] : current.filter((c) => c !== chartId(keys)) });
  };

  return (
    <section aria-label="Charts" className="space-y-3">
      <Legend entries={legend} hidden={state.hidden} onToggle={(id) => update({ hidden: toggle(state.hidden, id) })} onHighlight={setHighlight} />
      <p className="no-print text-xs text-slate-500 dark:text-slate-400">
        Drag across any chart to zoom all of them; double-click to reset. {series.stale ? "Loading…" : ""}
        {smoothingNote(state.smoothing, runs)}
        {unplotted.length > 0 && (
          <>
            {" "}
            Not on the {AXIS_TITLES[state.x]} axis (no data for it): {unplotted.join(", ")}.
          </>
        )}
      </p>
      {charts.map((keys, i) => {
        const id = chartId(keys);
        const { state: cs, message } = chartState(keys);
        return (
          <CompareChart
            key={id}
            id={id}
            keys={keys}
            data={data}
            showRaw={!state.noRaw.includes(id)}
            state={cs}
            message={message}
            xTitle={AXIS_TITLES[state.x]}
            formatX={formatX}
            zoom={state.zoom}
            onZoom={(zoom) => update({ zoom })}
            onWidth={i === 0 ? onWidth : undefined}
            logY={isLog(keys)}
            onLogY={(on) => setLog(keys, on)}
            yLock={state.yLock[id] ?? null}
            onYLock={(r: XRange | null) => {
              const next = { ...state.yLock };
              if (r) next[id] = r;
              else delete next[id];
              update({ yLock: next });
            }}
            onToggleRaw={() => update({ noRaw: toggle(state.noRaw, id) })}
            onRemove={() => update({ charts: charts.filter((c) => chartId(c) !== id) })}
            hover={hover}
            markX={markX}
            annotations={diagRun ? diagnosisMarks(keys, diagRun.plan, analyses.get(diagRun.id), diagKeys) : undefined}
          />
        );
      })}
    </section>
  );
}

/** When the smoothed lines are not (yet) the smoothing of every logged point, the page says so. */
function smoothingNote(kind: CompareState["smoothing"], runs: RunSeriesInput[]): ReactNode {
  if (kind === "none") return null;
  const series = runs.flatMap((r) => Object.values(r.series ?? {}));
  if (series.some((s) => s.smoothedPending)) {
    return <span data-testid="smoothing-pending"> Smoothing every logged point… (until then it runs over the drawn points)</span>;
  }
  if (series.some((s) => s.downsampled && !s.smoothed)) {
    return (
      <> On this axis {kind} smoothing runs over the drawn points, not every logged point (it does on the step and fraction axes). Zoom in for full detail.</>
    );
  }
  return null;
}
