import { goldenMin, linearFit, logGridMin, strideIndices } from "./stats";
import type { ScheduleParams, ScheduleType } from "./types";

/**
 * Closed-form fits of the continuous PyTorch/MMSeg decay schedules to points (t, lr), t counted
 * from the start of the decay. Each returns its parameters and the RMS residual relative to the
 * peak LR. Searches run on at most SEARCH_POINTS points; the reported error uses all given points.
 */

export interface Fit {
  type: ScheduleType;
  params: ScheduleParams;
  error: number;
  /** Model value at t (for residuals and plotting). */
  at(t: number): number;
}

const SEARCH_POINTS = 250;

function subsample(t: readonly number[], y: readonly number[]) {
  const idx = strideIndices(t.length, SEARCH_POINTS);
  return { t: idx.map((i) => t[i]), y: idx.map((i) => y[i]) };
}

/** Array.map without the callback overhead on large inputs. */
function mapped(xs: readonly number[], f: (x: number) => number): number[] {
  const out = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = f(xs[i]);
  return out;
}

function relRms(t: readonly number[], y: readonly number[], at: (t: number) => number, peak: number): number {
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const r = y[i] - at(t[i]);
    s += r * r;
  }
  const e = Math.sqrt(s / t.length) / peak;
  return Number.isFinite(e) ? e : Infinity;
}

/** Least squares y ≈ c0·(1 − b) + c1·b for a basis b; returns [c0, c1, sse]. */
function fitTwoBasis(y: readonly number[], b: readonly number[]): [number, number, number] {
  let s11 = 0,
    s12 = 0,
    s22 = 0,
    r1 = 0,
    r2 = 0;
  for (let i = 0; i < y.length; i++) {
    const u = 1 - b[i],
      v = b[i];
    s11 += u * u;
    s12 += u * v;
    s22 += v * v;
    r1 += u * y[i];
    r2 += v * y[i];
  }
  const d = s11 * s22 - s12 * s12;
  let c0: number, c1: number;
  if (Math.abs(d) < 1e-300) {
    c0 = 0;
    c1 = s22 > 0 ? r2 / s22 : 0;
  } else {
    c0 = (r1 * s22 - r2 * s12) / d;
    c1 = (r2 * s11 - r1 * s12) / d;
  }
  let sse = 0;
  for (let i = 0; i < y.length; i++) sse += (y[i] - c0 * (1 - b[i]) - c1 * b[i]) ** 2;
  return [c0, c1, sse];
}

export function fitExponential(t: readonly number[], y: readonly number[], peak: number): Fit {
  const { a, b } = linearFit(t, mapped(y, Math.log));
  const base = Math.exp(a),
    gamma = Math.exp(b);
  const at = (x: number) => base * gamma ** x;
  return { type: "exponential", params: { baseLr: base, gamma }, error: relRms(t, y, at, peak), at };
}

export function fitInverseSqrt(t: readonly number[], y: readonly number[], peak: number): Fit {
  // 1/lr² is linear in t for lr = base / sqrt(1 + t/timescale).
  const { a, b } = linearFit(
    t,
    mapped(y, (v) => 1 / (v * v)),
  );
  const base = 1 / Math.sqrt(a),
    timescale = a / b;
  const at = (x: number) => base / Math.sqrt(1 + x / timescale);
  const ok = a > 0 && b > 0;
  return { type: "inverse_sqrt", params: { baseLr: base, timescale }, error: ok ? relRms(t, y, at, peak) : Infinity, at };
}

/** CosineAnnealingLR: etaMin + (base − etaMin)(1 + cos(πt/T))/2, T ≥ the last t. */
export function fitCosine(t: readonly number[], y: readonly number[], peak: number, fixedT?: number): Fit {
  const s = subsample(t, y);
  const last = t[t.length - 1];
  const basis = (T: number, ts: readonly number[]) => mapped(ts, (x) => (1 + Math.cos((Math.PI * x) / T)) / 2);
  const T = fixedT ?? logGridMin((T) => fitTwoBasis(s.y, basis(T, s.t))[2], Math.max(1, last), Math.max(2, last * 50)).x;
  const [rawEtaMin, rawBase] = fitTwoBasis(y, basis(T, t));
  // Float noise can make a zero etaMin come out as −1e-19.
  const etaMin = Math.abs(rawEtaMin) < 1e-9 * rawBase ? 0 : rawEtaMin;
  const base = etaMin === rawEtaMin ? rawBase : rawBase + rawEtaMin;
  const at = (x: number) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * x) / T))) / 2;
  return { type: "cosine", params: { baseLr: base, totalSteps: T, etaMin }, error: relRms(t, y, at, peak), at };
}

/**
 * PolynomialLR (minLr = 0) and MMSeg's PolyLR: minLr + (base − minLr)(1 − t/T)^power, T ≥ the last t.
 * For a given minLr and T, log(lr − minLr) is linear in log(1 − t/T), so power and base come from a
 * regression; T and then minLr are searched. minLr = 0 is tried first: with power 1 every (T, minLr)
 * on the same line fits, and PyTorch's form is the one meant.
 */
export function fitPoly(t: readonly number[], y: readonly number[], peak: number, searchMinLr = true): Fit {
  const s = subsample(t, y);
  const last = t[t.length - 1];
  // Power and base from the log-log regression; the search scores them in LR space on every point,
  // so points past T (where the LR sits at minLr) count too.
  const regress = (T: number, minLr: number) => {
    const xs: number[] = [],
      ys: number[] = [];
    for (let i = 0; i < s.t.length; i++) {
      const u = 1 - s.t[i] / T,
        v = s.y[i] - minLr;
      if (u > 0 && v > 0) {
        xs.push(Math.log(u));
        ys.push(Math.log(v));
      }
    }
    if (xs.length < 3) return { base: NaN, power: NaN, sse: Infinity };
    const { a, b } = linearFit(xs, ys);
    const base = Math.exp(a);
    let sse = 0;
    for (let i = 0; i < s.t.length; i++) sse += (s.y[i] - minLr - base * Math.max(0, 1 - s.t[i] / T) ** b) ** 2;
    return { base, power: b, sse: Number.isFinite(sse) ? sse : Infinity };
  };
  const forMin = (minLr: number, window?: [number, number], iters = 50) => {
    const sse = (T: number) => regress(T, minLr).sse;
    const T = window ? goldenMin(sse, window[0], window[1], iters).x : logGridMin(sse, Math.max(1, 0.2 * last), Math.max(2, last * 100), 30).x;
    return { T, ...regress(T, minLr) };
  };
  // `full`: score on every given point; otherwise on the search subsample (inside the minLr search).
  const build = (minLr: number, window?: [number, number], full = true): Fit => {
    const { T, base, power } = forMin(minLr, window, full ? 50 : 30);
    const at = (x: number) => minLr + base * Math.max(0, 1 - x / T) ** power;
    const error = full ? relRms(t, y, at, peak) : relRms(s.t, s.y, at, peak);
    return { type: "poly", params: { baseLr: base + minLr, power, totalSteps: T, minLr }, error, at };
  };
  const plain = build(0);
  if (!searchMinLr) return plain;
  let floor = Infinity;
  for (const v of s.y) floor = Math.min(floor, v);
  // T of the MMSeg form stays near the plain fit's: search around it rather than the whole range.
  const T0 = plain.params.totalSteps as number;
  const near: [number, number] = [Math.max(0.2 * last, T0 / 3), T0 * 3];
  const f = goldenMin((frac) => build(frac * floor, near, false).error, 0, 0.999999, 30).x;
  const candidates = [plain, build(f * floor)];
  // A flat tail is the floor itself (total_iters ended before the run did).
  // A flat tail is the floor itself (total_iters ended before the run did), and T lies between
  // the last point above it and the first point on it.
  const n = y.length;
  if (n >= 3 && y[n - 1] === y[n - 2] && y[n - 2] === y[n - 3]) {
    let k = n - 1;
    while (k > 0 && y[k - 1] === y[n - 1]) k--;
    if (k > 2) candidates.push(build(y[n - 1], [t[k - 1], t[k]]));
  }
  return candidates.reduce((a, b) => (b.error < a.error ? b : a));
}
