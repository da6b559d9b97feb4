import type { XRange } from "./chart-types";

/**
 * Series drawn straight from their arrays (by the array-layers Chart.js plugin), for charts
 * overlaying many long series (the compare view): Chart.js makes an element per point of a
 * dataset, which for 60 lines of thousands of points costs more than the drawing itself. The
 * chart still owns the scales, ticks, grid, layout and the datasets drawn on top (markers).
 */

/** A downsampled series' min and max per bucket: one thin vertical bar per bucket. */
export interface Envelope {
  x: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
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
  const inWindow = (xs: ArrayLike<number>, i: number) => !window || (xs[i] >= window.min && xs[i] <= window.max);
  for (const e of layers.envelopes) {
    x.addAll(e.x, false);
    y.addAll(e.lower, logY, (i) => inWindow(e.x, i));
    y.addAll(e.upper, logY, (i) => inWindow(e.x, i));
  }
  for (const l of layers.lines) {
    x.addAll(l.x, false);
    y.addAll(l.y, logY, (i) => inWindow(l.x, i));
  }
  return { x: x.range(), y: y.range() };
}

class Extent {
  private min = Infinity;
  private max = -Infinity;

  addAll(values: ArrayLike<number>, positiveOnly: boolean, keep: (i: number) => boolean = () => true): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v) || (positiveOnly && v <= 0) || !keep(i)) continue;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    }
  }

  range(): Partial<XRange> {
    return this.min <= this.max ? { min: this.min, max: this.max } : {};
  }
}
