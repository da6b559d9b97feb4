import type { Series } from "./types";
export { findLrKeys } from "@/lib/metrics/lr-keys";

/** Which logged keys hold the LR (lib/metrics/lr-keys), the training loss, the validation loss and a metric. */

const LOSS_PREFERENCE = [/^loss$/i, /^train[/_.]loss$/i, /^total[_-]?loss$/i, /^train[/_.]total[_-]?loss$/i, /^decode[./]loss/i];

export function findLossKey(keys: readonly string[]): string | null {
  for (const re of LOSS_PREFERENCE) {
    const k = keys.find((x) => re.test(x));
    if (k) return k;
  }
  return keys.find((k) => /loss/i.test(k) && !/val|valid|test|eval/i.test(k)) ?? null;
}

export function findValLossKey(keys: readonly string[]): string | null {
  return keys.find((k) => /^(val|valid|validation|eval|test)[/_.]?loss$/i.test(k)) ?? keys.find((k) => /(val|valid|eval).*loss/i.test(k)) ?? null;
}

/** The metric key: the exact name, else a key ending in it (`val/mIoU`, `eval_mIoU` as HF Trainer logs it), case-insensitive. */
export function findMetricKey(keys: readonly string[], metric: string): string | null {
  const lower = metric.toLowerCase();
  return (
    keys.find((k) => k === metric) ??
    keys.find((k) => k.toLowerCase() === lower) ??
    keys.find((k) => k.toLowerCase().endsWith("/" + lower) || k.toLowerCase().endsWith("." + lower)) ??
    keys.find((k) => /^(eval|val|valid|validation|test)_/i.test(k) && k.toLowerCase().endsWith("_" + lower)) ??
    null
  );
}

/** Maps steps to epochs from a step→epoch series; durations use the estimated steps per epoch. */
export interface EpochScale {
  stepsPerEpoch: number;
  epochAt(step: number): number;
  /** The epoch logged at the last step before `step`: the epoch an evaluation at `step` closes. */
  epochBefore(step: number): number;
}

export function epochScale(epochs: Series | undefined): EpochScale | null {
  if (!epochs || epochs.steps.length < 2) return null;
  const { steps, values } = epochs;
  let spe: number;
  if (values.every(Number.isInteger)) {
    // Integer epochs: steps per epoch = the distance between the first steps of consecutive epochs.
    const firsts: number[] = [];
    for (let i = 1; i < values.length; i++) if (values[i] !== values[i - 1]) firsts.push(steps[i]);
    if (firsts.length < 1) return null;
    const gaps: number[] = [];
    for (let i = 1; i < firsts.length; i++) gaps.push(firsts[i] - firsts[i - 1]);
    spe = gaps.length ? gaps.sort((a, b) => a - b)[gaps.length >> 1] : firsts[0] - steps[0];
  } else {
    const n = steps.length - 1;
    spe = (steps[n] - steps[0]) / (values[n] - values[0]);
  }
  if (!(spe > 0) || !Number.isFinite(spe)) return null;
  const offset = values[0] - steps[0] / spe;
  const epochBefore = (step: number) => {
    let lo = 0,
      hi = steps.length - 1;
    if (steps[0] >= step) return values[0];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (steps[mid] < step) lo = mid;
      else hi = mid - 1;
    }
    return values[lo];
  };
  return { stepsPerEpoch: spe, epochAt: (step) => offset + step / spe, epochBefore };
}
