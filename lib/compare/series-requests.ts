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
  const groups = new Map<string, { params: URLSearchParams; runs: Set<string>; keys: Set<string> }>();
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
      const params = new URLSearchParams({ x: plan.server, maxPoints: String(o.maxPoints) });
      if (o.zoom) {
        const r = serverRange(o.zoom, plan);
        params.set("from", String(r.min));
        params.set("to", String(r.max));
      }
      const smooth = serverSmoothing(o.smoothing, o.strength, plan.server === "step" ? spacing : null);
      // Not held up by a smoothing computed for the first time: drawn meanwhile, asked again.
      if (smooth) {
        params.set("smooth", smooth);
        params.set("smoothWait", "false");
      }
      const key = params.toString();
      const group = groups.get(key) ?? { params, runs: new Set(), keys: new Set() };
      group.runs.add(id);
      for (const k of keys) group.keys.add(k);
      groups.set(key, group);
    }
  }
  return [...groups].map(([key, { params, runs, keys }]) => {
    const ids = [...runs];
    params.set("keys", [...keys].sort().join(","));
    return { id: `${ids.join(",")}|${key}`, url: `/api/v1/series?runs=${ids.map(encodeURIComponent).join(",")}&${params}&format=binary`, runs: ids };
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
