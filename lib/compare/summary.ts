import type { XY } from "@/lib/charts/series";
import { upperBound } from "@/lib/sorted-search";
import { median } from "@/lib/analysis/stats";

export type MetricMode = "max" | "min";

export interface SummaryInput {
  /** The main metric by step (x = step). */
  metric: XY;
  mode: MetricMode;
  /** Wall time (Unix seconds) of each metric point, for the time-to-90/95% figures. */
  time?: ArrayLike<number>;
  /** The run's first point's time; default: the metric's first time. */
  runStartTime?: number;
  toEpoch?: (step: number) => number;
  /** Learning rate by step. */
  lr?: XY;
  /** Training loss by step, for divergence. */
  loss?: XY;
  /** Step range mapped to [0, 1] for `auc`; default: the metric's first to last finite step. */
  aucRange?: readonly [number, number];
  /** Loss blow-up: the late loss exceeds this multiple of the first loss. Default 3. */
  blowUpFactor?: number;
}

export type DivergenceReason = "non_finite_metric" | "non_finite_loss" | "loss_blow_up";

/** The compare API's per-run `summary`, plus the fields the summary table shows. */
export interface RunSummary {
  best: number | null;
  bestStep: number | null;
  bestEpoch: number | null;
  /** The last logged value, non-finite included (a run that ended in NaN ends in NaN). */
  final: number | null;
  stepsTo90: number | null;
  stepsTo95: number | null;
  /** Seconds from the run's start to the stepsTo90 / stepsTo95 point. */
  timeTo90: number | null;
  timeTo95: number | null;
  auc: number | null;
  lrAtBest: number | null;
  diverged: boolean;
  divergedReason: DivergenceReason | null;
}

const DEFAULT_BLOW_UP_FACTOR = 3;
/** Share of the loss's finite points, at the end, whose median is the "late loss". */
const LATE_LOSS_SHARE = 0.1;

/**
 * Definitions (finite values only unless said otherwise):
 * - best: max (mode max) or min (mode min); bestStep: its first step; bestEpoch: that step's epoch.
 * - stepsToP (P = 90%, 95%): the first step whose value is within (1 − P)·|best| of best, i.e.
 *   v ≥ best − (1 − P)·|best| for max (v ≥ 0.9·best for a positive metric) and
 *   v ≤ best + (1 − P)·|best| for min (a loss of 0.2 is reached at 0.22 for 90%). Defined
 *   whenever best is (best itself qualifies); works for any sign.
 * - auc: trapezoid area under the metric over x = (step − a) / (b − a), [a, b] = `aucRange` or the
 *   first and last finite step: the metric's mean level over training, comparable across runs of
 *   different length. Only pairs of consecutive finite points contribute; a single point's auc is
 *   its value.
 * - lrAtBest: the last LR logged at or before bestStep.
 * - diverged: a non-finite metric or loss value, or the median of the last 10% of finite loss
 *   values above `blowUpFactor` × the first finite loss (a transient spike that recovers is not
 *   a divergence).
 */
export function summarizeRun(input: SummaryInput): RunSummary {
  const { metric, mode } = input;
  const best = bestIndex(metric.y, mode);
  const bestValue = best >= 0 ? metric.y[best] : null;
  const bestStep = best >= 0 ? metric.x[best] : null;
  const reach = (p: number) => (bestValue === null ? -1 : firstReaching(metric.y, mode, bestValue, p));
  const i90 = reach(0.9);
  const i95 = reach(0.95);
  const divergedReason = divergence(input);
  return {
    best: bestValue,
    bestStep,
    bestEpoch: bestStep !== null && input.toEpoch ? input.toEpoch(bestStep) : null,
    final: metric.y.length > 0 ? metric.y[metric.y.length - 1] : null,
    stepsTo90: i90 >= 0 ? metric.x[i90] : null,
    stepsTo95: i95 >= 0 ? metric.x[i95] : null,
    timeTo90: elapsedAt(input, i90),
    timeTo95: elapsedAt(input, i95),
    auc: normalizedAuc(metric, input.aucRange),
    lrAtBest: bestStep !== null && input.lr ? valueAtOrBefore(input.lr, bestStep) : null,
    diverged: divergedReason !== null,
    divergedReason,
  };
}

/** Index of the best finite value (first one on ties), -1 when there is none. */
export function bestIndex(y: ArrayLike<number>, mode: MetricMode): number {
  let best = -1;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) continue;
    if (best < 0 || (mode === "max" ? v > y[best] : v < y[best])) best = i;
  }
  return best;
}

/** Index of the first finite value within (1 − p)·|best| of best, -1 when there is none. */
export function firstReaching(y: ArrayLike<number>, mode: MetricMode, best: number, p: number): number {
  const slack = (1 - p) * Math.abs(best);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) continue;
    if (mode === "max" ? v >= best - slack : v <= best + slack) return i;
  }
  return -1;
}

function elapsedAt(input: SummaryInput, i: number): number | null {
  const { time } = input;
  if (i < 0 || !time || time.length === 0) return null;
  return time[i] - (input.runStartTime ?? time[0]);
}

function normalizedAuc(metric: XY, range?: readonly [number, number]): number | null {
  const { x, y } = metric;
  let first = -1;
  let last = -1;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) continue;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return null;
  const [a, b] = range ?? [x[first], x[last]];
  if (!(b > a)) return y[first];
  let area = 0;
  for (let i = first + 1; i <= last; i++) {
    if (Number.isFinite(y[i]) && Number.isFinite(y[i - 1])) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  }
  return area / (b - a);
}

function valueAtOrBefore(series: XY, step: number): number | null {
  const i = upperBound(series.x, step) - 1;
  return i >= 0 ? series.y[i] : null;
}

function divergence(input: SummaryInput): DivergenceReason | null {
  if (hasNonFinite(input.metric.y)) return "non_finite_metric";
  const loss = input.loss?.y;
  if (!loss) return null;
  if (hasNonFinite(loss)) return "non_finite_loss";
  if (loss.length === 0) return null;
  const late = Array.from(loss).slice(-Math.max(1, Math.round(loss.length * LATE_LOSS_SHARE)));
  return median(late) > (input.blowUpFactor ?? DEFAULT_BLOW_UP_FACTOR) * Math.abs(loss[0]) ? "loss_blow_up" : null;
}

function hasNonFinite(y: ArrayLike<number>): boolean {
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) return true;
  return false;
}
