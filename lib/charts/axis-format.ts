import type { TReadMetrics } from "@/lib/schemas/metrics";
import type { XAxis } from "./align";
import { formatDuration, formatInt, formatMetric } from "@/lib/format/format-values";

/** The x axes the metrics API serves; the compare view adds the fraction of planned training on top. */
export type ServerAxis = TReadMetrics["x"];

/** Axis titles on the compare charts, their x-axis switch and messages. */
export const AXIS_TITLES: Record<XAxis, string> = {
  step: "step",
  epoch: "epoch",
  relative: "relative time",
  time: "time (UTC)",
  fraction: "fraction of planned training",
};

/** Axis titles on the run page, whose charts all show one run's day: no "(UTC)" note. */
export const RUN_AXIS_TITLES: Record<ServerAxis, string> = { step: "step", epoch: "epoch", relative: "relative time", time: "time" };

/**
 * Tick and tooltip text for an x value on the given axis. Absolute time shows the date on the
 * compare charts (runs of different days) and the time of day only on a run's own page.
 */
export function formatAxis(axis: XAxis, { date = true }: { date?: boolean } = {}): (x: number) => string {
  switch (axis) {
    case "relative":
      return (x) => formatDuration(x);
    case "time":
      return date ? (x) => new Date(x * 1000).toISOString().slice(5, 19).replace("T", " ") : (x) => new Date(x * 1000).toISOString().slice(11, 19);
    case "fraction":
      return (x) => `${Number((x * 100).toPrecision(3))}%`;
    case "epoch":
      return (x) => formatMetric(x);
    case "step":
      return (x) => formatInt(x);
  }
}
