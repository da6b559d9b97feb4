import { emaAdvance, emaContinue, emaStart, emaValue } from "./ema-state";
import type { XY } from "./series";

/**
 * Smoothing of full-resolution series (never of downsampled points). Every method keeps
 * non-finite points (NaN, ±Inf) as they are, so the chart can still mark them, and restarts
 * after them: a smoothed line never carries a value across a divergence gap.
 */
export type Smoothing =
  | { kind: "none" }
  /** TensorBoard's debiased EMA; weight in [0, 1), 0 = identity, TensorBoard's default 0.6. */
  | { kind: "ema"; weight: number }
  /** Debiased EMA in x units, for uneven logging: influence halves every `halfLife` x units. */
  | { kind: "time-ema"; halfLife: number }
  /** Gaussian kernel smoother, `sigma` in x units, kernel cut at ±3σ. */
  | { kind: "gaussian"; sigma: number }
  /** Centred running mean over `window` points (clipped at segment ends). */
  | { kind: "running"; window: number };

/** TensorBoard's default weight, and the compare view's: the smoothing the store keeps up to date as runs log (lib/metrics/stored-ema.ts). */
export const DEFAULT_EMA_WEIGHT = 0.6;
/** TensorBoard's cap too: at weight 1 every line flattens onto its initial 0. */
export const MAX_EMA_WEIGHT = 0.999;
/** Weight-free points (a segment's first, points sharing an x) still get a tiny weight: no 0/0. */
const COINCIDENT_DECAY = 1 - 1e-15;
export const GAUSSIAN_CUTOFF_SIGMAS = 3;

export function smooth(series: XY, smoothing: Smoothing): Float64Array {
  const { x, y } = series;
  switch (smoothing.kind) {
    case "none":
      return new Float64Array(y);
    case "ema":
      return tensorBoardEma(y, smoothing.weight);
    case "time-ema":
      return bySegment(y, (out, s, e) => timeWeightedEmaSegment(x, y, smoothing.halfLife, out, s, e));
    case "gaussian":
      return bySegment(y, (out, s, e) => gaussianSegment(x, y, smoothing.sigma, out, s, e));
    case "running":
      return bySegment(y, (out, s, e) => runningMeanSegment(y, smoothing.window, out, s, e));
  }
}

/**
 * TensorBoard's scalar-dashboard smoothing, as in tensorflow/tensorboard
 * `tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts` (`classicSmoothing`):
 * last = last·w + (1−w)·v; debias = 1 − w^k over the k finite points seen; y = last / debias.
 * Non-finite points are passed through and leave the state alone. TensorBoard returns a series
 * whose values are all equal unchanged (#786: avoids float noise on flat lines); here a stretch
 * keeps its raw values as long as they are all equal (the EMA of equal values is that value, to
 * rounding), so each smoothed value depends only on the points up to it, and a live chart
 * continues the line exactly (lib/charts/ema-state.ts, the one step both use).
 * TensorBoard computes 1 − w^k with Math.pow; the recurrence debias = debias·w + (1−w) is the same
 * number (to ~1e-15) without a pow per point.
 *
 * The weight is clamped to [0, 0.999] as TensorBoard's settings do (SCALARS_SMOOTHING_MAX).
 * `resetAtGaps` (default true) is Anneal's one deviation: the state restarts after a non-finite
 * point. With `resetAtGaps: false` the output is TensorBoard's, point for point (to rounding).
 */
export function tensorBoardEma(y: ArrayLike<number>, weight: number, { resetAtGaps = true }: { resetAtGaps?: boolean } = {}): Float64Array {
  const w = Number.isFinite(weight) ? Math.min(Math.max(weight, 0), MAX_EMA_WEIGHT) : 0;
  if (w === 0) return new Float64Array(y);
  const s = emaStart(w);
  if (resetAtGaps) return emaContinue(s, y);
  const out = new Float64Array(y);
  // One stretch: a non-finite point leaves the state alone, but ends its flatness (TensorBoard's `==` check fails on NaN too).
  let seenGap = false;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v - v !== 0) {
      seenGap = true;
      s.level = null;
      continue;
    }
    emaAdvance(s, v);
    if (seenGap) s.level = null;
    out[i] = emaValue(s, v);
  }
  return out;
}

/**
 * Debiased EMA in x units: the exact exponential average of the line through the points
 * (linear between neighbours), a point's influence halving every `halfLife` x units. Because it
 * averages the drawn line rather than counting points, a curve logged every step and the same
 * curve logged every 10 steps smooth to the same line.
 * Over a stretch Δ from the previous point, with decay a = 2^(−Δ/halfLife) and r = ln2/halfLife:
 *   last = a·last + (1−a)·v − (v − v_prev)·((1−a)/(rΔ) − a),   debias = a·debias + (1−a).
 * A segment's first point gets a vanishing weight: the average starts at it (output = its value)
 * instead of pretending the run held that value before it started.
 */
function timeWeightedEmaSegment(x: ArrayLike<number>, y: ArrayLike<number>, halfLife: number, out: Float64Array, s: number, e: number): void {
  if (!(halfLife > 0) || e - s < 2) return;
  const rate = Math.LN2 / halfLife;
  let last = 0;
  let debias = 0;
  let prevDx = NaN;
  let decay = 0;
  let slopeWeight = 0;
  for (let i = s; i < e; i++) {
    const dx = i === s ? 0 : x[i] - x[i - 1];
    // Evenly logged series repeat the same Δx: reuse the exp.
    if (dx !== prevDx) {
      decay = dx > 0 ? Math.exp(-rate * dx) : COINCIDENT_DECAY;
      slopeWeight = dx > 0 ? (1 - decay) / (rate * dx) - decay : 0;
      prevDx = dx;
    }
    const v = y[i];
    const keep = 1 - decay;
    last = last * decay + keep * v - (slopeWeight === 0 ? 0 : (v - y[i - 1]) * slopeWeight);
    debias = debias * decay + keep;
    out[i] = last / debias;
  }
}

/**
 * Kernel-weighted mean of the segment's points within ±3σ. Cost: n × points per 6σ; on evenly
 * spaced x (the usual step axis) the kernel is tabulated once, so no exp per pair.
 */
function gaussianSegment(x: ArrayLike<number>, y: ArrayLike<number>, sigma: number, out: Float64Array, s: number, e: number): void {
  if (!(sigma > 0)) return;
  const reach = GAUSSIAN_CUTOFF_SIGMAS * sigma;
  const inv2s2 = 1 / (2 * sigma * sigma);
  const spacing = evenSpacing(x, s, e);
  if (spacing > 0) {
    const half = Math.floor(reach / spacing);
    const kernel = Float64Array.from({ length: half + 1 }, (_, k) => Math.exp(-((k * spacing) ** 2) * inv2s2));
    for (let i = s; i < e; i++) {
      const lo = Math.max(s, i - half);
      const hi = Math.min(e - 1, i + half);
      let num = 0;
      let den = 0;
      for (let j = lo; j <= hi; j++) {
        const k = kernel[j > i ? j - i : i - j];
        num += k * y[j];
        den += k;
      }
      out[i] = num / den;
    }
    return;
  }
  let lo = s;
  let hi = s;
  for (let i = s; i < e; i++) {
    const xi = x[i];
    while (x[lo] < xi - reach) lo++;
    while (hi < e && x[hi] <= xi + reach) hi++;
    let num = 0;
    let den = 0;
    for (let j = lo; j < hi; j++) {
      const d = x[j] - xi;
      const k = Math.exp(-d * d * inv2s2);
      num += k * y[j];
      den += k;
    }
    out[i] = num / den;
  }
}

/** The common Δx of [s, e) if every step is the same (and positive), else 0. */
function evenSpacing(x: ArrayLike<number>, s: number, e: number): number {
  if (e - s < 2) return 0;
  const d = x[s + 1] - x[s];
  for (let i = s + 2; i < e; i++) if (x[i] - x[i - 1] !== d) return 0;
  return d > 0 ? d : 0;
}

function runningMeanSegment(y: ArrayLike<number>, window: number, out: Float64Array, s: number, e: number): void {
  const half = Math.floor(window / 2);
  if (!(half >= 1)) return;
  // Prefix sums make each window O(1).
  const prefix = new Float64Array(e - s + 1);
  for (let i = s; i < e; i++) prefix[i - s + 1] = prefix[i - s] + y[i];
  for (let i = s; i < e; i++) {
    const a = Math.max(s, i - half) - s;
    const b = Math.min(e - 1, i + half) - s + 1;
    out[i] = (prefix[b] - prefix[a]) / (b - a);
  }
}

/** Copies y, then lets `fill` overwrite each maximal run [s, e) of finite values. */
function bySegment(y: ArrayLike<number>, fill: (out: Float64Array, s: number, e: number) => void): Float64Array {
  const out = new Float64Array(y);
  const n = y.length;
  let i = 0;
  while (i < n) {
    while (i < n && !Number.isFinite(y[i])) i++;
    const start = i;
    while (i < n && Number.isFinite(y[i])) i++;
    if (i > start) fill(out, start, i);
  }
  return out;
}
