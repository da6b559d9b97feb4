import { axisPlan, defaultCharts, type AxisPlan, type PlannedRun } from "./axis-plan";
import { batchRequests, type LoggedRun, type SeriesRequest } from "./series-requests";
import type { CompareState } from "./url-state";

/** What the view's reads need of a run: its keys and extents, config and axes (GET /runs/{id}). */
export interface ViewRun extends PlannedRun {
  metrics: LoggedRun["metrics"];
  best: { metric: string };
}

/** A chart's width is rounded up to this many pixels: a small resize doesn't refetch, and a server can guess it. */
const WIDTH_STEP_PX = 250;
/** The width a server assumes for a first view before the browser has said (a desktop window). */
export const DEFAULT_CHART_PX = 1500;
const FEW_RUNS = 4;
/** The cookie in which the browser tells the server its charts' width, for the next first view. */
export const CHART_PX_COOKIE = "anneal-chart-px";

/**
 * Buckets to ask for a chart `widthPx` wide: about one per pixel when many runs overlay (more could
 * not be seen), two per pixel for a few runs, where a line's shape within a pixel still shows.
 */
export function chartPoints(widthPx: number, runs: number): number {
  if (widthPx <= 0) return 0;
  return Math.ceil(widthPx / WIDTH_STEP_PX) * WIDTH_STEP_PX * (runs > FEW_RUNS ? 1 : 2);
}

/**
 * Everything the compare view reads its charts with, from the URL state and the runs' details:
 * the keys, the charts (the URL's, else the default stack), each run's axis plan and the
 * GET /api/v1/series requests. The browser computes it after each change; the server computes it
 * for a first view, to start those reads with the page (the same URLs, so the browser's fetch
 * finds them preloaded).
 */
export function viewReads(state: CompareState, details: ReadonlyMap<string, ViewRun>, o: { widthPx: number; metricName: string }) {
  const metricKeys = [...new Set([...details.values()].flatMap((d) => d.metrics.map((m) => m.key)))].sort();
  const charts = state.charts ?? defaultCharts(metricKeys, o.metricName);
  const plans = new Map<string, AxisPlan | null>();
  for (const [id, d] of details) plans.set(id, axisPlan(state.x, d));
  const maxPoints = chartPoints(o.widthPx, state.runs.length);
  const requests: SeriesRequest[] =
    maxPoints === 0
      ? []
      : batchRequests({ runs: state.runs, charts, plans, details, zoom: state.zoom, maxPoints, smoothing: state.smoothing, strength: state.strength });
  return { metricKeys, charts, plans, maxPoints, requests };
}

/** The main metric before the compare API has answered: the URL's, else the project's (any run's `best` names it). */
export function viewMetric(state: CompareState, details: ReadonlyMap<string, ViewRun>, answered?: string): string {
  return answered ?? state.metric ?? details.values().next().value?.best.metric ?? "mIoU";
}
