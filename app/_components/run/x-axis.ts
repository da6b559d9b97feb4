import type { MetricsAxis } from "../api-types";
import { formatDuration, formatInt, formatMetric } from "../format";

export const AXIS_LABELS: Record<MetricsAxis, string> = { step: "step", epoch: "epoch", relative: "relative time", time: "time" };

/** Tick and tooltip text for an x value on the given axis. */
export function axisFormatter(axis: MetricsAxis): (x: number) => string {
  if (axis === "relative") return (x) => formatDuration(x);
  if (axis === "epoch") return (x) => formatMetric(x);
  if (axis === "time") return (x) => new Date(x * 1000).toISOString().slice(11, 19);
  return (x) => formatInt(x);
}
