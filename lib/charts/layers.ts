import type { XRange } from "./chart-types";

/**
 * Series drawn straight from their arrays (by the array-layers Chart.js plugin), for charts
 * overlaying many long series (the compare view): Chart.js makes an element per point of a
 * dataset, which for 60 lines of thousands of points costs more than the drawing itself. The
 * chart still owns the scales, ticks, grid, layout and the datasets drawn on top (markers).
 */

/**
 * A downsampled series' min and max per bucket: one thin vertical bar per bucket, where it shows
 * beside the line drawn over it (`line`: that line's y per bucket; see envelope-bars.ts).
 */
export interface Envelope {
  x: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  line?: ArrayLike<number>;
  color: string;
}

/** A line; non-finite y breaks it (a gap, never a zero). */
export interface ArrayLine {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color: string;
  width: number;
  dash?: number[];
  /** Drawn but not counted as a series nor tabled (a faint raw line under a smoothed one). */
  auxiliary?: boolean;
}

export interface ArrayLayers {
  envelopes: readonly Envelope[];
  lines: readonly ArrayLine[];
}

export const NO_LAYERS: ArrayLayers = { envelopes: [], lines: [] };

/** An extent whose ends are unknown (nothing finite to fit) is left to the chart. */
export interface LayersExtent {
  x: Partial<XRange>;
  y: Partial<XRange>;
}

/**
 * The layers' finite extent (y positive only on a log axis) so the scales make room for them; with
 * an x window, y over the points inside it (a zoom drawn from the points already loaded fits them).
 */
export function layersExtent(layers: ArrayLayers, logY: boolean, window: XRange | null = null): LayersExtent {
  const x = new Extent();
  const y = new Extent();
  for (const e of layers.envelopes) {
    x.addAll(e.x, false);
    y.addAll(e.lower, logY, e.x, window);
    y.addAll(e.upper, logY, e.x, window);
  }
  for (const l of layers.lines) {
    x.addAll(l.x, false);
    y.addAll(l.y, logY, l.x, window);
  }
  return { x: x.range(), y: y.range() };
}

class Extent {
  private min = Infinity;
  private max = -Infinity;

  /** Values' finite extent (positive only on a log axis); with a window, only those whose x (same index) lies inside it. */
  addAll(values: ArrayLike<number>, positiveOnly: boolean, xs?: ArrayLike<number>, window?: XRange | null): void {
    // A plain loop per draw over every point of every line: no callback per point (60 lines × thousands).
    let min = this.min;
    let max = this.max;
    const inside = window && xs ? { xs, lo: window.min, hi: window.max } : null;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
      if (inside && !(inside.xs[i] >= inside.lo && inside.xs[i] <= inside.hi)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.min = min;
    this.max = max;
  }

  range(): Partial<XRange> {
    return this.min <= this.max ? { min: this.min, max: this.max } : {};
  }
}
