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
 */
export function envelopeBars(
  envelope: { x: ArrayLike<number>; lower: ArrayLike<number>; upper: ArrayLike<number>; line?: ArrayLike<number> },
  px: (x: number) => number,
  py: (y: number) => number,
  minPx = 1,
): Float64Array {
  const { x, lower, upper, line } = envelope;
  const out = new Float64Array(x.length * 3);
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
