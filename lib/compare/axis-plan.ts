import { fractionOfPlanned } from "@/lib/charts/align";
import { findLossKey, findLrKeys, findMetricKey, findValLossKey } from "@/lib/analysis/series-keys";
import type { XAxis } from "@/lib/charts/align";
import type { ServerAxis } from "@/lib/charts/axis-format";
import type { XRange } from "@/lib/charts/chart-types";

/**
 * How one run's points reach the shared x axis: which axis the server is asked for, and the
 * factor from server units to display units (1, except on the fraction-of-planned-training axis,
 * where a step is 1 / max_steps, or an epoch 1 / epochs). Zoom edges go back through the same factor.
 */
export interface AxisPlan {
  server: ServerAxis;
  scale: number;
}

/** What a plan needs to know of a run (its detail from GET /runs/{id}). */
export interface PlannedRun {
  config: Record<string, unknown>;
  hasEpoch: boolean;
  hasTime: boolean;
  metrics: readonly { stepMax: number }[];
}

/** Null when the run lacks what the axis needs (no epochs, no times): it is left off, not faked. */
export function axisPlan(axis: XAxis, run: PlannedRun): AxisPlan | null {
  switch (axis) {
    case "step":
      return { server: "step", scale: 1 };
    case "epoch":
      return run.hasEpoch ? { server: "epoch", scale: 1 } : null;
    case "relative":
    case "time":
      return run.hasTime ? { server: axis, scale: 1 } : null;
    case "fraction": {
      const lastStep = Math.max(0, ...run.metrics.map((m) => m.stepMax));
      // The lib decides the basis (max_steps, then epochs, then the last step); asking it for the
      // fraction at step (or epoch) 1 gives the factor.
      const { x, basis } = fractionOfPlanned([1], { config: run.config, toEpoch: run.hasEpoch ? (e) => e : undefined, lastStep });
      return { server: basis === "epochs" ? "epoch" : "step", scale: x[0] };
    }
  }
}

/** The zoom range in the server's units for this run (`from`/`to` query parameters). */
export function serverRange(zoom: XRange, plan: AxisPlan): XRange {
  return { min: zoom.min / plan.scale, max: zoom.max / plan.scale };
}

/**
 * The default stack for these runs: learning rate, the main metric, train + val loss on one
 * chart. Keys come from the union of the runs' keys; a chart whose keys no run logs is left out.
 */
export function defaultCharts(keys: readonly string[], metric: string): string[][] {
  const lr = findLrKeys(keys)[0];
  const main = findMetricKey(keys, metric);
  const losses = [findLossKey(keys), findValLossKey(keys)].filter((k): k is string => !!k);
  return [lr ? [lr] : [], main ? [main] : [], [...new Set(losses)]].filter((c) => c.length > 0);
}
