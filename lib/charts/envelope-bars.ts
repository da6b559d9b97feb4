/** The reusable buffer envelopeBars writes into (one per chart: its envelopes are drawn one after another). */
export interface BarsScratch {
  buffer: Float64Array;
}

export function newBarsScratch(): BarsScratch {
  return { buffer: new Float64Array(0) };
}

/**
 * Which of a downsampled series' min/max bars are worth drawing, in pixels: a bar whose ends both
 * lie within `minPx` of the line drawn over it (the line at that bucket; the line's own width
 * covers them) adds nothing a viewer could see, and at 20 runs × 3 charts × a bucket per pixel the
 * canvas calls for those bars were most of the envelopes' drawing. A smooth series (a learning
 * rate) then draws no bars at all; a noisy one keeps every bar that shows its spread.
 *
 * Pixels come from the chart's scales (`px`, `py`: value → pixel, NaN when off a log axis).
 * Returns the kept bars as [x, top, bottom] triples, top ≤ bottom, each at least 1 px tall.
 * `line` is the drawn line's y per bucket (same index as the envelope's x); without one (or where
 * it is not finite) every drawable bar is kept.
 *
 * The triples are written into `scratch` (grown when too small, never shrunk) and returned as a
 * view of it, valid until the next call with the same scratch: a chart draws every envelope on
 * every frame, and an array per envelope per draw was garbage for the collector at each one.
 */
export function envelopeBars(
  envelope: { x: ArrayLike<number>; lower: ArrayLike<number>; upper: ArrayLike<number>; line?: ArrayLike<number> },
  px: (x: number) => number,
  py: (y: number) => number,
  scratch: BarsScratch = newBarsScratch(),
  minPx = 1,
): Float64Array {
  const { x, lower, upper, line } = envelope;
  const need = x.length * 3;
  if (scratch.buffer.length < need) scratch.buffer = new Float64Array(Math.max(need, 2 * scratch.buffer.length));
  const out = scratch.buffer;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const lo = lower[i];
    const hi = upper[i];
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) continue;
    const a = py(hi);
    const b = py(lo);
    // Off-scale (≤ 0 on a log axis) comes back NaN: nothing to draw.
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const top = Math.min(a, b);
    const bottom = Math.max(a, b);
    const l = line ? line[i] : NaN;
    const ly = Number.isFinite(l) ? py(l) : NaN;
    if (Number.isFinite(ly) && ly - top < minPx && bottom - ly < minPx) continue;
    out[n++] = px(x[i]);
    out[n++] = top - 0.5;
    out[n++] = bottom + 0.5;
  }
  return out.subarray(0, n);
}
