import { linearFit } from "./stats";
import type { LrFinderResult, Series } from "./types";

/** LR range test ("LR finder"): detection of an exponential LR ramp, and the suggested LR. */

/** True when the LR grows exponentially (log-linear, ≥ 100× overall) over the logged steps. */
export function isLrRangeTest(lr: Series): boolean {
  // Cheap rejection first: a range test's LR rises almost everywhere.
  let ups = 0,
    downs = 0;
  for (let i = 1; i < lr.values.length; i++) {
    if (lr.values[i] > lr.values[i - 1]) ups++;
    else if (lr.values[i] < lr.values[i - 1]) downs++;
  }
  if (ups < 19 * downs || ups === 0) return false;
  const xs: number[] = [],
    ys: number[] = [];
  for (let i = 0; i < lr.values.length; i++) {
    const v = lr.values[i];
    if (Number.isFinite(v) && v > 0) {
      xs.push(lr.steps[i]);
      ys.push(Math.log(v));
    }
  }
  if (xs.length < 10) return false;
  const growth = ys[ys.length - 1] - ys[0];
  if (ups + downs < 0.5 * (ys.length - 1) || growth < Math.log(100)) return false;
  return linearFit(xs, ys).rms < 0.05 * growth;
}

export interface LrRangeOptions {
  /** The losses are a torch-lr-finder history, already smoothed and stopped by its range_test. */
  torchLrFinderHistory?: boolean;
}

/**
 * Analyses (lr, loss) pairs of a range test, e.g. an uploaded two-column file: smooth the loss,
 * cut the divergent tail, suggest an LR by steepest descent and by "minimum loss / 10".
 */
export function analyzeLrRange(lrs: readonly number[], losses: readonly number[], opts: LrRangeOptions = {}): LrFinderResult | null {
  const lr: number[] = [],
    loss: number[] = [];
  for (let i = 0; i < lrs.length; i++) {
    // The run is over at its first non-finite loss.
    if (!Number.isFinite(losses[i])) break;
    if (Number.isFinite(lrs[i]) && lrs[i] > 0) {
      lr.push(lrs[i]);
      loss.push(losses[i]);
    }
  }
  const plotLr = opts.torchLrFinderHistory ? torchLrFinderSuggestion(lr, loss) : torchLrFinderSuggestion(...asTorchLrFinderRecords(lr, loss));
  // Like torch-lr-finder and fastai, skip the first points: optimiser and smoothing warm-in.
  const skip = Math.min(10, Math.max(1, Math.round(0.05 * lr.length)));
  lr.splice(0, skip);
  loss.splice(0, skip);
  if (lr.length < 5) return null;
  // Centred moving average: unlike an EMA it does not shift the minimum towards larger LRs.
  const smooth = centredMean(loss, Math.max(1, Math.round(lr.length / 40)));
  let minIdx = 0;
  for (let i = 1; i < smooth.length; i++) if (smooth[i] < smooth[minIdx]) minIdx = i;
  // Divergent tail: from the first point after the minimum above 4× the minimum or above the highest point before it.
  let before = -Infinity;
  for (let i = 0; i <= minIdx; i++) before = Math.max(before, smooth[i]);
  let cut = smooth.length;
  for (let i = minIdx + 1; i < smooth.length; i++) {
    if (smooth[i] > 4 * smooth[minIdx] || smooth[i] > before) {
      cut = i;
      break;
    }
  }
  // Steepest descent per point, i.e. along the sweep's own axis (log-LR for an exponential ramp, LR for
  // a linear one), as torch-lr-finder's plot() takes it: per log-LR, a linear sweep's few large-LR
  // points, packed close on a log axis, would always look steepest.
  let steep = -1,
    steepGrad = 0;
  for (let i = 1; i < minIdx; i++) {
    const g = smooth[i + 1] - smooth[i - 1];
    if (g < steepGrad) {
      steepGrad = g;
      steep = i;
    }
  }
  const minLossLr = lr[minIdx];
  const div10 = minLossLr / 10;
  let high = 0;
  for (let i = 1; i <= minIdx; i++) if (smooth[i] > smooth[high]) high = i;
  const fallen = smooth[high] - 0.1 * (smooth[high] - smooth[minIdx]);
  let lo = high;
  while (lo < minIdx && smooth[lo] > fallen) lo++;
  const useSteep = steep > 1;
  return {
    suggestedLr: useSteep ? lr[steep] : div10,
    range: [lr[lo], minLossLr],
    method: useSteep ? "steepest" : "min_loss_div10",
    steepestLr: useSteep ? lr[steep] : div10,
    minLossLr,
    minLoss: smooth[minIdx],
    torchLrFinderLr: plotLr,
    curve: { lr: lr.slice(0, cut), loss: smooth.slice(0, cut) },
  };
}

/**
 * What torch-lr-finder's `LRFinder.range_test` records from raw losses with its defaults: an EMA
 * (`smooth_f=0.05`, the first loss as is), stopping after the first smoothed loss above
 * `diverge_th=5` times the best so far (that point included).
 */
function asTorchLrFinderRecords(lrs: readonly number[], losses: readonly number[]): [number[], number[]] {
  const lr: number[] = [],
    loss: number[] = [];
  let best = Infinity;
  for (let i = 0; i < losses.length; i++) {
    const l = i === 0 ? losses[0] : 0.05 * losses[i] + 0.95 * loss[i - 1];
    if (l < best) best = l;
    lr.push(lrs[i]);
    loss.push(l);
    if (l > 5 * best) break;
  }
  return [lr, loss];
}

/**
 * What torch-lr-finder's `LRFinder.plot()` suggests with its defaults on its history: the first 10
 * and last 5 points dropped (`skip_start`, `skip_end`), then `np.gradient(losses).argmin()` — no
 * further smoothing, no cut at the minimum. Null where numpy would raise (fewer than 2 points left).
 */
function torchLrFinderSuggestion(lrs: readonly number[], losses: readonly number[]): number | null {
  const from = 10,
    to = losses.length - 5;
  if (to - from < 2) return null;
  // np.gradient: one-sided differences at the ends, central ones inside; argmin takes the first minimum.
  const grad = (i: number) =>
    i === from ? losses[from + 1] - losses[from] : i === to - 1 ? losses[to - 1] - losses[to - 2] : (losses[i + 1] - losses[i - 1]) / 2;
  let best = from;
  for (let i = from + 1; i < to; i++) if (grad(i) < grad(best)) best = i;
  return lrs[best];
}

function centredMean(xs: readonly number[], half: number): number[] {
  const prefix = [0];
  for (const x of xs) prefix.push(prefix[prefix.length - 1] + x);
  return xs.map((_, i) => {
    const a = Math.max(0, i - half),
      b = Math.min(xs.length, i + half + 1);
    return (prefix[b] - prefix[a]) / (b - a);
  });
}
