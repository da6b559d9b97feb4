import { evaluationsSinceBest } from "./replay-plateau";
import type { EpochScale } from "./series-keys";
import { ema, median } from "./stats";
import type { Mode, Plateau, PlateauReplayParams, Series } from "./types";

/**
 * Noise-aware plateau detection: the metric is smoothed, the noise of the smoothed curve is
 * estimated from the data, and a plateau is a stretch where the running best does not improve
 * by more than that noise for a minimum number of evaluations.
 */

export interface PlateauOptions {
  metric: string;
  mode: Mode;
  /** The LR series, to report whether/when the LR was reduced inside a plateau. */
  lr?: Series;
  epochs?: EpochScale | null;
  /** Minimum plateau length in evaluations (default: max(3, 8% of evaluations)). */
  minLength?: number;
}

export function detectPlateaus(metric: Series, opts: PlateauOptions): Plateau[] {
  const steps: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < metric.values.length; i++) {
    if (Number.isFinite(metric.values[i])) {
      steps.push(metric.steps[i]);
      raw.push(metric.values[i]);
    }
  }
  const n = raw.length;
  if (n < 4) return [];
  const sign = opts.mode === "max" ? 1 : -1;
  const y = raw.map((v) => sign * v);
  // Dense curves are smoothed over ~2% of their length; sparse evaluations barely at all.
  const span = Math.max(1, Math.min(50, Math.round(n / 50)));
  const smooth = span > 1 ? ema(y, 2 / (span + 1)) : y;
  const noise = smoothedNoise(y, span);
  let lo = Infinity,
    hi = -Infinity;
  for (const v of smooth) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const tol = Math.max(2 * noise, 0.01 * (hi - lo), 1e-12);
  const minLen = opts.minLength ?? Math.max(3, Math.round(0.08 * n));

  const plateaus: Plateau[] = [];
  let anchor = 0;
  const close = (endIdx: number, ongoing: boolean) => {
    if (endIdx - anchor < minLen) return;
    plateaus.push(describe(anchor, endIdx, ongoing));
  };
  for (let i = 1; i < n; i++) {
    if (smooth[i] > smooth[anchor] + tol) {
      close(i - 1, false);
      anchor = i;
    }
  }
  close(n - 1, true);
  return plateaus;

  function describe(a: number, b: number, ongoing: boolean): Plateau {
    let insideBest = -Infinity;
    for (let i = a + 1; i <= b; i++) insideBest = Math.max(insideBest, y[i]);
    const start = steps[a],
      end = steps[b];
    const reducedAt = opts.lr ? firstDrop(opts.lr, start, end) : undefined;
    const p: Plateau = {
      start,
      end,
      metric: opts.metric,
      bestBefore: sign * smooth[a],
      gainInside: insideBest - smooth[a],
      stepsStalled: (reducedAt ?? end) - start,
      ongoing,
    };
    if (reducedAt !== undefined) p.lrReducedAt = reducedAt;
    if (opts.epochs) {
      p.startEpoch = opts.epochs.epochAt(start);
      p.endEpoch = opts.epochs.epochAt(end);
    }
    return p;
  }
}

/** Noise σ of the smoothed curve: robust σ of first differences, shrunk by the EMA's variance factor. */
function smoothedNoise(y: readonly number[], span: number): number {
  const d: number[] = [];
  for (let i = 1; i < y.length; i++) d.push(Math.abs(y[i] - y[i - 1]));
  const sigma = (1.4826 * median(d)) / Math.SQRT2;
  const alpha = 2 / (span + 1);
  return sigma * Math.sqrt(alpha / (2 - alpha));
}

/** The LR counts as reduced once it is at least 20% below its value when the plateau began. */
const REDUCED = 0.8;

/** First step in (start, end] where the LR is REDUCED relative to the LR logged at `start`. */
function firstDrop(lr: Series, start: number, end: number): number | undefined {
  // Binary search for the first logged step after `start`.
  let lo = 1,
    hi = lr.steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lr.steps[mid] <= start) lo = mid + 1;
    else hi = mid;
  }
  // A continuously decaying schedule lowers the LR at every step; what counts is a real cut.
  const ref = lr.values[lo - 1];
  for (let i = lo; i < lr.steps.length; i++) {
    const s = lr.steps[i];
    if (s > end) break;
    if (lr.values[i] <= ref * REDUCED) return s;
  }
  return undefined;
}

export interface CurrentPlateau {
  sinceStep: number;
  sinceEpoch: number | null;
  evaluations: number;
}

/**
 * The live "plateau since epoch N" badge: the metric has not improved (ReduceLROnPlateau's rule)
 * for more than `patience` evaluations. Returns null when it is still improving.
 */
export function currentPlateau(
  metric: Series,
  params: Pick<PlateauReplayParams, "mode" | "patience"> & Partial<Pick<PlateauReplayParams, "threshold" | "thresholdMode">>,
  epochs?: EpochScale | null,
): CurrentPlateau | null {
  const { bestIndex, since } = evaluationsSinceBest(metric.values, {
    mode: params.mode,
    threshold: params.threshold ?? 1e-4,
    thresholdMode: params.thresholdMode ?? "rel",
  });
  if (bestIndex < 0 || since <= params.patience) return null;
  const sinceStep = metric.steps[bestIndex];
  return { sinceStep, sinceEpoch: epochs ? epochs.epochAt(sinceStep) : null, evaluations: since };
}
