/** The part of a Chart.js scale a pixel map needs (no chart.js import: lib/ stays framework-free). */
export interface MappedScale {
  type: string;
  min: number;
  max: number;
  getPixelForValue(value: number): number;
}

/**
 * A scale's value → pixel as one affine function of the value (of its log10 on a log axis), set
 * up once per draw from two of the scale's own answers. Drawing thousands of points per line,
 * Chart.js's getPixelForValue per point (its checks, and on a log axis its lookups around log10)
 * was most of the compare page's draw time. Same results as the scale's: 0 on a log axis sits at
 * its minimum, negatives there are NaN (not drawn), and pixels are clamped to Chart.js's ±32767.
 */
export function pixelMap(scale: MappedScale): (value: number) => number {
  const log = scale.type === "logarithmic";
  const t = log ? Math.log10 : (v: number) => v;
  const t0 = t(scale.min);
  const span = t(scale.max) - t0;
  const p0 = scale.getPixelForValue(scale.min);
  const perUnit = span ? (scale.getPixelForValue(scale.max) - p0) / span : 0;
  const clamp = (p: number) => (p < -32768 ? -32768 : p > 32767 ? 32767 : p);
  return log ? (v) => clamp(p0 + ((v === 0 ? t0 : Math.log10(v)) - t0) * perUnit) : (v) => clamp(p0 + (v - t0) * perUnit);
}

/** A buffer pixelsOf writes into, reused line after line and draw after draw (grown, never shrunk). */
export interface PixelBuffer {
  buffer: Float64Array;
}

export function newPixelBuffer(): PixelBuffer {
  return { buffer: new Float64Array(0) };
}

/**
 * Every value's pixel by `map`, NaN where the value is not finite (a gap, never an edge of the
 * plot) or off a log axis. A line stroked in two passes (lib/charts/line-passes.ts) maps each point
 * once, not once per pass: on a compare page's first view this code runs cold, once per line, and
 * the per-point calls of both passes were most of its drawing's script. Written into `into` and
 * returned as a view of it, valid until its next use.
 */
export function pixelsOf(values: ArrayLike<number>, map: (value: number) => number, into: PixelBuffer): Float64Array {
  if (into.buffer.length < values.length) into.buffer = new Float64Array(Math.max(values.length, 2 * into.buffer.length));
  const out = into.buffer;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isFinite(v) ? map(v) : NaN;
  }
  return out.subarray(0, values.length);
}
