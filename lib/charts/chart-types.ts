import type { ChartDataset } from "chart.js";

/** What a chart shows: its data, a loading placeholder, an empty note or an error. */
export type ChartState = "loading" | "ready" | "empty" | "error";

/** A Chart.js dataset as the charts hand it over: a line, or scatter markers. */
export type AnyDataset = ChartDataset<"line", unknown[]> | ChartDataset<"scatter", unknown[]>;

/** An interval of an axis in data units: a zoomed x range, a locked y range. */
export interface XRange {
  min: number;
  max: number;
}

/** Drawn on the canvas in x data units: a shaded x interval (e.g. a plateau) or a vertical line (e.g. an LR drop). */
/** A clickable marker above the plot at an x (a comment anchored there): its label on hover, `id` to the click handler. */
export interface ChartMarker {
  id: string;
  x: number;
  label: string;
}

export type ChartAnnotation = { kind: "band"; from: number; to: number; color: string } | { kind: "line"; at: number; color: string; dashed?: boolean };
