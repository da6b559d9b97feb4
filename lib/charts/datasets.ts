import type { ChartDataset } from "chart.js";
import { withAlpha } from "./colors";
import type { XY } from "./series";

/** A line point; `y: null` breaks the line (missing or non-finite is a gap, never a zero). */
export interface LinePoint {
  x: number;
  y: number | null;
}

export type NonFiniteLabel = "NaN" | "Infinity" | "-Infinity";

/** A NaN/±Inf marker: `y` is where it is drawn, `value` what was logged (for the tooltip). */
export interface MarkerPoint {
  x: number;
  y: number;
  value: NonFiniteLabel;
}

export type SeriesDataset =
  | { role: "line" | "band-upper" | "band-lower"; dataset: ChartDataset<"line", LinePoint[]> }
  | { role: "markers"; dataset: ChartDataset<"scatter", MarkerPoint[]> };

export interface SeriesDatasetsInput {
  label: string;
  color: string;
  /** The run's (downsampled) points, or a group's mean curve. */
  raw: XY;
  /** A shaded band: a downsampled series' min/max, or a group's min–max / ±1 std. */
  band?: { x: ArrayLike<number>; lower: ArrayLike<number>; upper: ArrayLike<number> };
  /** Consecutive points further apart than this in x are not joined (e.g. a resumed run's hole). */
  gapThreshold?: number;
}

const BAND_ALPHA = 0.15;
const MARKER_STYLE: Record<NonFiniteLabel, "crossRot" | "triangle"> = {
  NaN: "crossRot",
  Infinity: "triangle",
  "-Infinity": "triangle",
};

/**
 * Chart.js datasets for one run or group, in drawing order: band, line, non-finite markers. Data are {x, y} objects sorted by x, so the chart can skip parsing
 * (`parsing: false`, `normalized: true`).
 */
export function seriesDatasets(input: SeriesDatasetsInput): SeriesDataset[] {
  const { label, color, raw, band, gapThreshold } = input;
  const out: SeriesDataset[] = [];
  if (band) {
    const upper = linePoints({ x: band.x, y: band.upper }, gapThreshold);
    const lower = linePoints({ x: band.x, y: band.lower }, gapThreshold);
    const common = { borderWidth: 0, pointRadius: 0, backgroundColor: withAlpha(color, BAND_ALPHA), spanGaps: false };
    out.push({ role: "band-upper", dataset: { ...common, label: `${label} (upper)`, data: upper, fill: false } });
    // Fill down to the previous dataset: the upper edge just pushed.
    out.push({ role: "band-lower", dataset: { ...common, label: `${label} (lower)`, data: lower, fill: "-1" } });
  }
  out.push({
    role: "line",
    dataset: { label, data: linePoints(raw, gapThreshold), borderColor: color, backgroundColor: color, borderWidth: 1.5, pointRadius: 0, spanGaps: false },
  });
  const markers = markerDataset(label, color, raw);
  if (markers) out.push({ role: "markers", dataset: markers });
  return out;
}

/** The series' NaN/±Inf markers as a scatter dataset (null when it has none). */
export function markerDataset(label: string, color: string, raw: XY): ChartDataset<"scatter", MarkerPoint[]> | null {
  const markers = nonFiniteMarkers(raw);
  if (markers.length === 0) return null;
  return {
    type: "scatter",
    label: `${label} (non-finite)`,
    data: markers,
    borderColor: color,
    backgroundColor: color,
    pointRadius: 5,
    pointStyle: markers.map((m) => MARKER_STYLE[m.value]),
    pointRotation: markers.map((m) => (m.value === "-Infinity" ? 180 : 0)),
  };
}

/** {x, y} points with non-finite values as null, and a null inserted inside gaps wider than the threshold. */
export function linePoints(series: XY, gapThreshold?: number): LinePoint[] {
  const { x, y } = series;
  const out: LinePoint[] = [];
  for (let i = 0; i < x.length; i++) {
    if (gapThreshold !== undefined && i > 0 && x[i] - x[i - 1] > gapThreshold) {
      out.push({ x: (x[i] + x[i - 1]) / 2, y: null });
    }
    const v = y[i];
    out.push({ x: x[i], y: Number.isFinite(v) ? v : null });
  }
  return out;
}

/**
 * One marker per non-finite value. Placement: +Inf at the series' largest finite value, −Inf at
 * its smallest, NaN at the last finite value before it (the first after it if none, else 0): on
 * the line where the run broke, inside the y range the chart already shows.
 */
export function nonFiniteMarkers(series: XY): MarkerPoint[] {
  const { x, y } = series;
  let lo = Infinity;
  let hi = -Infinity;
  let firstFinite: number | undefined;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) continue;
    firstFinite ??= v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const markers: MarkerPoint[] = [];
  let lastFinite = firstFinite ?? 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (Number.isFinite(v)) {
      lastFinite = v;
    } else if (Number.isNaN(v)) {
      markers.push({ x: x[i], y: lastFinite, value: "NaN" });
    } else if (v > 0) {
      markers.push({ x: x[i], y: hi > -Infinity ? hi : 0, value: "Infinity" });
    } else {
      markers.push({ x: x[i], y: lo < Infinity ? lo : 0, value: "-Infinity" });
    }
  }
  return markers;
}
