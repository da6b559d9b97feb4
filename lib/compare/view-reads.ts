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
/**
 * The width a server assumes for a first view before the browser has said: the widest chart the
 * layout draws (its max-w-7xl column less the chart's frame is ~1,220 px); narrower charts keep
 * reading at it (see readWidth), so the preloaded reads are the ones the browser makes.
 */
export const DEFAULT_CHART_PX = 1250;
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
 * The width the charts' reads are made for, when they are `measuredPx` wide and were read for
 * `currentPx` (0: not yet): kept while the charts are no wider and at least half as wide (at most
 * two buckets per pixel, still cheap to send and draw), so a small resize refetches nothing and a
 * first view keeps the width its server preloaded the reads for.
 */
export function readWidth(currentPx: number, measuredPx: number): number {
  return measuredPx <= currentPx && measuredPx * 2 >= currentPx ? currentPx : measuredPx;
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
