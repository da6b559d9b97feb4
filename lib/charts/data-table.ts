import type { AnyDataset } from "./chart-types";
import type { ArrayLine } from "./layers";

/**
 * The screen-reader fallback of a chart: per plotted series, an evenly thinned table of its
 * points. Pure, so what a screen reader hears can be tested without a browser.
 */

/** Rows per chart, shared by its series (at least 10 each). */
export const TABLE_ROWS = 500;
export const MIN_ROWS_PER_SERIES = 10;

/** One plotted series for the table: its label and its i-th point. */
export interface TableSeries {
  label: string;
  n: number;
  x: (i: number) => number;
  value: (i: number) => string;
}

export function tableOfLine(l: ArrayLine): TableSeries {
  return { label: l.label, n: l.x.length, x: (i) => l.x[i], value: (i) => (Number.isFinite(l.y[i]) ? String(l.y[i]) : "gap") };
}

/** Points may carry `value`: the text logged (e.g. "NaN" for a marker, an event's description). */
export function tableOfDataset(ds: AnyDataset): TableSeries {
  const points = ds.data as { x: number; y: number | null; value?: string }[];
  return {
    label: ds.label ?? "",
    n: points.length,
    x: (i) => points[i].x,
    value: (i) => points[i].value ?? (points[i].y === null ? "gap" : String(points[i].y)),
  };
}

/** Which points of a series of `n` get a row, and every how many: evenly spaced, always the last. */
export function tableRows(n: number, seriesCount: number): { stride: number; rows: number[] } {
  const perSeries = Math.max(MIN_ROWS_PER_SERIES, Math.floor(TABLE_ROWS / Math.max(1, seriesCount)));
  const stride = Math.max(1, Math.ceil(n / perSeries));
  const rows = Array.from({ length: Math.ceil(n / stride) }, (_, j) => j * stride);
  if (n > 0 && rows.at(-1) !== n - 1) rows.push(n - 1);
  return { stride, rows };
}
