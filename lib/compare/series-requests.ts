import type { XRange } from "@/lib/charts/chart-types";
import { serverRange, type AxisPlan } from "./axis-plan";
import { serverSmoothing } from "./chart-data";
import type { SmoothingKind } from "./url-state";

/** What the series requests need to know of a run: its logged keys and their step extents. */
export interface LoggedRun {
  metrics: readonly { key: string; count: number; stepMin: number; stepMax: number }[];
}

/** One GET /api/v1/series request: the runs it reads, and an id naming them and its parameters. */
export interface SeriesRequest {
  id: string;
  url: string;
  runs: string[];
  /** The URL's parameters as the live appends decide by them (lib/client/compare-append.ts), never parsed back from it. */
  query: SeriesQuery;
}

/** A series request's parameters but its runs. */
export interface SeriesQuery {
  /** The server axis. */
  x: string;
  maxPoints: number;
  /** A zoom's range on the server axis; null: the whole series. */
  from: number | null;
  to: number | null;
  /** The server smoothing (`ema:0.6`, …); null: none. Never waited for (smoothWait=false). */
  smooth: string | null;
  /** Sorted; the server skips the keys a run lacks. */
  keys: readonly string[];
}

/** The query string of these parameters (keys left out while empty), in the one order every URL of the view has. */
function queryString(q: SeriesQuery): string {
  const params = new URLSearchParams({ x: q.x, maxPoints: String(q.maxPoints) });
  if (q.from !== null) params.set("from", String(q.from));
  if (q.to !== null) params.set("to", String(q.to));
  // Not held up by a smoothing computed for the first time: drawn meanwhile, asked again.
  if (q.smooth !== null) {
    params.set("smooth", q.smooth);
    params.set("smoothWait", "false");
  }
  if (q.keys.length) params.set("keys", q.keys.join(","));
  return params.toString();
}

/** The GET /api/v1/series URL reading `runs` with these parameters (the compact binary answer). */
export function seriesUrl(runs: readonly string[], q: SeriesQuery): string {
  return `/api/v1/series?runs=${runs.map(encodeURIComponent).join(",")}&${queryString(q)}&format=binary`;
}

/**
 * The chart reads as few GET /api/v1/series requests as possible: one per distinct (server axis,
 * range, smoothing), which is one for every axis but the fraction of planned training, where runs
 * planned for different lengths need different step ranges, and for the x-based smoothings, whose
 * span follows each chart's densest logging. Keys are the union: the server skips the keys a run
 * lacks.
 */
export function batchRequests(o: {
  runs: readonly string[];
  charts: readonly string[][];
  plans: ReadonlyMap<string, AxisPlan | null>;
  details: ReadonlyMap<string, LoggedRun>;
  zoom: XRange | null;
  maxPoints: number;
  smoothing: SmoothingKind;
  strength: number;
}): SeriesRequest[] {
  const groups = new Map<string, { query: Omit<SeriesQuery, "keys">; runs: Set<string>; keys: Set<string> }>();
  for (const chart of o.charts) {
    const spacing = stepSpacing(chart, o.runs, o.details);
    for (const id of o.runs) {
      const plan = o.plans.get(id);
      const keys =
        o.details
          .get(id)
          ?.metrics.map((m) => m.key)
          .filter((k) => chart.includes(k)) ?? [];
      if (!plan || keys.length === 0) continue;
      const range = o.zoom ? serverRange(o.zoom, plan) : null;
      const query = {
        x: plan.server,
        maxPoints: o.maxPoints,
        from: range ? range.min : null,
        to: range ? range.max : null,
        smooth: serverSmoothing(o.smoothing, o.strength, plan.server === "step" ? spacing : null),
      };
      const key = queryString({ ...query, keys: [] });
      const group = groups.get(key) ?? { query, runs: new Set(), keys: new Set() };
      group.runs.add(id);
      for (const k of keys) group.keys.add(k);
      groups.set(key, group);
    }
  }
  return [...groups].map(([key, { query, runs, keys }]) => {
    const ids = [...runs];
    const q = { ...query, keys: [...keys].sort() };
    return { id: `${ids.join(",")}|${key}`, url: seriesUrl(ids, q), runs: ids, query: q };
  });
}

/** A chart's densest logging, in steps between points, over its runs and keys (null: unknown). */
export function stepSpacing(chart: readonly string[], runs: readonly string[], details: ReadonlyMap<string, LoggedRun>): number | null {
  let min = Infinity;
  for (const id of runs) {
    for (const m of details.get(id)?.metrics ?? []) {
      if (chart.includes(m.key) && m.count > 1) min = Math.min(min, (m.stepMax - m.stepMin) / (m.count - 1));
    }
  }
  return Number.isFinite(min) ? min : null;
}
