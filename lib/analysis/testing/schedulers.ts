import type { Series } from "../types";

/**
 * Test helper: closed forms of the PyTorch (torch.optim.lr_scheduler) and MMSeg schedulers, as a
 * function of the scheduler's step count `e`, plus logging of the resulting LR series.
 */

export type LrAt = (e: number) => number;

export const constant =
  (base: number): LrAt =>
  () =>
    base;
export const stepLR =
  (base: number, stepSize: number, gamma: number): LrAt =>
  (e) =>
    base * gamma ** Math.floor(e / stepSize);
export const multiStepLR =
  (base: number, milestones: number[], gamma: number): LrAt =>
  (e) =>
    base * gamma ** milestones.filter((m) => m <= e).length;
export const exponentialLR =
  (base: number, gamma: number): LrAt =>
  (e) =>
    base * gamma ** e;
export const polynomialLR =
  (base: number, total: number, power: number): LrAt =>
  (e) =>
    base * (1 - Math.min(e, total) / total) ** power;
/** MMSeg PolyLR / DeepLab: (base − min)(1 − e/T)^p + min. */
export const mmsegPoly =
  (base: number, total: number, power: number, minLr: number): LrAt =>
  (e) =>
    (base - minLr) * (1 - Math.min(e, total) / total) ** power + minLr;
export const cosineLR =
  (base: number, tMax: number, etaMin = 0): LrAt =>
  (e) =>
    etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * e) / tMax))) / 2;
export const cosineWarmRestarts =
  (base: number, t0: number, tMult: number, etaMin = 0): LrAt =>
  (e) => {
    let start = 0,
      len = t0;
    while (e >= start + len) {
      start += len;
      len *= tMult;
    }
    return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * (e - start)) / len))) / 2;
  };
/** LinearLR as a decay: factor from 1 to endFactor over `total` steps, then constant. */
export const linearDecay =
  (base: number, endFactor: number, total: number): LrAt =>
  (e) =>
    base * (1 + ((endFactor - 1) * Math.min(e, total)) / total);
/** fairseq inverse_sqrt after warmup w: base·sqrt(w / e). */
export const inverseSqrt =
  (base: number, w: number): LrAt =>
  (e) =>
    base * Math.sqrt(w / Math.max(e, w));
/** OneCycleLR, cosine annealing, two phases. */
export const oneCycle =
  (maxLr: number, total: number, pctStart = 0.3, div = 25, finalDiv = 1e4): LrAt =>
  (e) => {
    const initial = maxLr / div,
      min = initial / finalDiv;
    const up = pctStart * total - 1;
    const cos = (a: number, b: number, pct: number) => b + ((a - b) * (1 + Math.cos(Math.PI * pct))) / 2;
    return e <= up ? cos(initial, maxLr, e / up) : cos(maxLr, min, (e - up) / (total - 1 - up));
  };
/** LinearLR (or ConstantLR) warmup for w steps, then `main` counted from the end of the warmup. */
export const withWarmup =
  (main: LrAt, base: number, w: number, startFactor: number, type: "linear" | "constant" = "linear"): LrAt =>
  (e) =>
    e >= w ? main(e - w) : type === "linear" ? base * (startFactor + ((1 - startFactor) * e) / w) : base * startFactor;

/**
 * The logged LR series of `iterations` iterations, logged every `logEvery` iterations; the
 * scheduler steps every iteration or once per epoch of `itersPerEpoch`.
 */
export function logLr(lrAt: LrAt, iterations: number, opts: { logEvery?: number; perEpoch?: boolean; itersPerEpoch?: number } = {}): Series {
  const every = opts.logEvery ?? 1,
    spe = opts.itersPerEpoch ?? 20;
  const out: Series = { steps: [], values: [] };
  for (let it = 0; it < iterations; it += every) {
    out.steps.push(it);
    out.values.push(lrAt(opts.perEpoch ? Math.floor(it / spe) : it));
  }
  return out;
}

/** step → epoch series for `iterations` iterations of `itersPerEpoch`. */
export function epochSeries(iterations: number, itersPerEpoch = 20): Series {
  const out: Series = { steps: [], values: [] };
  for (let it = 0; it < iterations; it++) {
    out.steps.push(it);
    out.values.push(Math.floor(it / itersPerEpoch));
  }
  return out;
}
