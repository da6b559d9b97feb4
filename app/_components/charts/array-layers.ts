import type { Plugin } from "chart.js";

/**
 * Series drawn straight from their arrays by a Chart.js plugin, for charts overlaying many long
 * series (the compare view): Chart.js makes an element per point of a dataset, which for 60 lines
 * of thousands of points costs more than the drawing itself. The chart still owns the scales,
 * ticks, grid, layout and the datasets drawn on top (markers).
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

/** Draws the layers (read from the latest props) under the datasets, clipped to the plot area. */
export function arrayLayersPlugin(get: () => ArrayLayers): Plugin<"line"> {
  return {
    id: "annealArrayLayers",
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales } = chart;
      const { envelopes, lines } = get();
      const xs = scales.x;
      const ys = scales.y;
      if (!xs || !ys || !area || envelopes.length + lines.length === 0) return;
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      // One path and one stroke per series: a call per bucket or point is what costs.
      ctx.lineWidth = 1;
      for (const e of envelopes) {
        ctx.strokeStyle = e.color;
        ctx.beginPath();
        for (let i = 0; i < e.x.length; i++) {
          const lo = e.lower[i];
          const hi = e.upper[i];
          if (!Number.isFinite(lo) || !Number.isFinite(hi)) continue;
          const px = xs.getPixelForValue(e.x[i]);
          const top = ys.getPixelForValue(hi);
          const bottom = ys.getPixelForValue(lo);
          // Off-scale (≤ 0 on a log axis) comes back NaN: nothing to draw. At least 1 px tall.
          if (!Number.isFinite(top) || !Number.isFinite(bottom)) continue;
          ctx.moveTo(px, top - 0.5);
          ctx.lineTo(px, Math.max(bottom, top) + 0.5);
        }
        ctx.stroke();
      }
      ctx.lineJoin = "round";
      for (const l of lines) {
        ctx.strokeStyle = l.color;
        ctx.lineWidth = l.width;
        ctx.setLineDash(l.dash ?? []);
        ctx.beginPath();
        let pen = false;
        for (let i = 0; i < l.x.length; i++) {
          const py = Number.isFinite(l.y[i]) ? ys.getPixelForValue(l.y[i]) : NaN;
          if (!Number.isFinite(py)) {
            pen = false;
            continue;
          }
          const px = xs.getPixelForValue(l.x[i]);
          if (pen) ctx.lineTo(px, py);
          else ctx.moveTo(px, py);
          pen = true;
        }
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

/**
 * The layers' finite extent (y positive only on a log axis) so the scales make room for them; with
 * an x window, y over the points inside it (a zoom drawn from the points already loaded fits them).
 */
export function layersExtent(
  layers: ArrayLayers,
  logY: boolean,
  window: { min: number; max: number } | null = null,
): { x: { min?: number; max?: number }; y: { min?: number; max?: number } } {
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

  range(): { min?: number; max?: number } {
    return this.min <= this.max ? { min: this.min, max: this.max } : {};
  }
}
