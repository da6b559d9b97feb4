import { median } from "@/lib/analysis/stats";

/**
 * x-axis transforms for the compare charts. Every transform maps a series' steps (and, where
 * needed, its wall times) to x values, so runs logged differently share one axis.
 */

/** The x axes a compare chart can draw, in the order the controls offer them. */
export const X_AXES = ["step", "epoch", "relative", "time", "fraction"] as const;
export type XAxis = (typeof X_AXES)[number];

/** The (step, epoch) pairs a run logged, in any order; several steps per epoch or one. */
export interface StepEpochPairs {
  step: ArrayLike<number>;
  epoch: ArrayLike<number>;
}

/**
 * Builds step → fractional epoch ("epochs completed at this step").
 *
 * Anchors, one per epoch e:
 * - logged at several steps (per-iteration logging): (first step of e, e) — the epoch starts there;
 * - logged at one step only (per-epoch logging): (that step, e + 1) — a once-per-epoch value is
 *   written after the epoch, so it summarises e completed epochs + 1.
 * Between anchors x is interpolated linearly; beyond them it continues at the run's typical
 * epoch length (median anchor spacing). So a per-iteration run's step 19 of a 20-step epoch 0 is
 * 0.95, its validation point after epoch 0 (step 20) is 1.0, and a run that only logs per epoch
 * puts its epoch-0 value at 1.0 too.
 */
export function epochMapper(pairs: StepEpochPairs): (step: number) => number {
  const byEpoch = new Map<number, { lo: number; n: number }>();
  for (let i = 0; i < pairs.step.length; i++) {
    const e = pairs.epoch[i];
    const s = pairs.step[i];
    if (!Number.isFinite(e) || !Number.isFinite(s)) continue;
    const entry = byEpoch.get(e);
    if (!entry) byEpoch.set(e, { lo: s, n: 1 });
    else {
      entry.lo = Math.min(entry.lo, s);
      entry.n++;
    }
  }
  const anchors = [...byEpoch].map(([e, { lo, n }]) => ({ step: lo, epoch: n > 1 ? e : e + 1 })).sort((a, b) => a.step - b.step);
  if (anchors.length === 0) return () => NaN;

  const spacings = anchors.slice(1).map((a, i) => (a.step - anchors[i].step) / (a.epoch - anchors[i].epoch));
  const stepsPerEpoch = median(spacings.filter((v) => Number.isFinite(v) && v > 0));
  const slope = stepsPerEpoch > 0 ? 1 / stepsPerEpoch : 0;
  const first = anchors[0];
  const last = anchors[anchors.length - 1];

  return (step) => {
    if (step <= first.step) return first.epoch + (step - first.step) * slope;
    if (step >= last.step) return last.epoch + (step - last.step) * slope;
    let lo = 0;
    let hi = anchors.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (anchors[mid].step <= step) lo = mid;
      else hi = mid;
    }
    const a = anchors[lo];
    const b = anchors[hi];
    return a.epoch + ((step - a.step) / (b.step - a.step)) * (b.epoch - a.epoch);
  };
}

/** Seconds since `startTime` (default: the first time given), for the relative wall-time axis. */
export function relativeTime(times: ArrayLike<number>, startTime?: number): number[] {
  const t0 = startTime ?? (times.length > 0 ? times[0] : 0);
  return Array.from(times, (t) => t - t0);
}

/** Which total the fraction-of-planned-training axis divides by. */
export type FractionBasis = "max_steps" | "epochs" | "last_step";

const STEP_TOTAL_KEYS = ["max_steps", "total_steps", "max_iters", "total_iters", "num_steps"];
const EPOCH_TOTAL_KEYS = ["epochs", "num_epochs", "max_epochs"];

export interface FractionOptions {
  /** The run's config (top-level keys are read). */
  config: Record<string, unknown>;
  /** Step → epoch, required for the `epochs` basis. */
  toEpoch?: (step: number) => number;
  /** The run's last logged step: the fallback total when the config plans nothing. */
  lastStep: number;
}

/**
 * Fraction of planned training, so a 40k- and an 80k-iteration schedule line up.
 * Basis, first that applies: step ÷ `max_steps` (or an alias: total_steps, max_iters, total_iters,
 * num_steps); epoch ÷ `epochs` (or num_epochs, max_epochs) when the run logs epochs; otherwise
 * step ÷ the run's last logged step — the fraction of what was run, not planned; `basis` says which.
 */
export function fractionOfPlanned(steps: ArrayLike<number>, { config, toEpoch, lastStep }: FractionOptions): { x: number[]; basis: FractionBasis } {
  const maxSteps = firstPositive(config, STEP_TOTAL_KEYS);
  if (maxSteps !== undefined) return { x: Array.from(steps, (s) => s / maxSteps), basis: "max_steps" };
  const epochs = firstPositive(config, EPOCH_TOTAL_KEYS);
  if (epochs !== undefined && toEpoch) {
    return { x: Array.from(steps, (s) => toEpoch(s) / epochs), basis: "epochs" };
  }
  const total = lastStep > 0 ? lastStep : 1;
  return { x: Array.from(steps, (s) => s / total), basis: "last_step" };
}

function firstPositive(config: Record<string, unknown>, keys: string[]): number | undefined {
  for (const key of keys) {
    const v = config[key];
    const n = typeof v === "string" ? Number(v) : v;
    if (typeof n === "number" && Number.isFinite(n) && n > 0) return n;
  }
  return undefined;
}

export interface AxisInput {
  step: ArrayLike<number>;
  /** Unix seconds per point; needed for `relative` and `time`. */
  time?: ArrayLike<number>;
  /** The run's first point's time, for `relative` (default: this series' first time). */
  runStartTime?: number;
  toEpoch?: (step: number) => number;
  config?: Record<string, unknown>;
  lastStep?: number;
}

/**
 * x values of a series on the chosen axis. `time` stays in Unix seconds. Returns null when the
 * run lacks what the axis needs (no times, or no epochs for the epoch axis): the caller leaves
 * the run off that chart rather than inventing an x.
 */
export function toAxis(axis: XAxis, input: AxisInput): { x: number[]; basis?: FractionBasis } | null {
  const { step, time, toEpoch } = input;
  switch (axis) {
    case "step":
      return { x: Array.from(step) };
    case "epoch":
      return toEpoch ? { x: Array.from(step, toEpoch) } : null;
    case "relative":
      return time ? { x: relativeTime(time, input.runStartTime) } : null;
    case "time":
      return time ? { x: Array.from(time) } : null;
    case "fraction":
      return fractionOfPlanned(step, {
        config: input.config ?? {},
        toEpoch,
        lastStep: input.lastStep ?? (step.length > 0 ? step[step.length - 1] : 0),
      });
  }
}
