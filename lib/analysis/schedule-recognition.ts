import { fitCosine, fitExponential, fitInverseSqrt, fitPoly, type Fit } from "./schedule-fits";
import { scheduleLabel, scheduleMismatch } from "./schedule-label";
import type { EpochScale } from "./series-keys";
import { linearFit, median } from "./stats";
import type { ScheduleFit, ScheduleParams, ScheduleSegment, ScheduleType, Series, Warmup } from "./types";

/**
 * Recognises the LR schedule from a logged LR series: warmup first, then restarts, staircases
 * (step, multistep, per-epoch exponential, plateau-driven) or a continuous closed-form fit.
 * Works on LR logged every iteration, every N iterations or once per epoch.
 */

export interface RecognizeOptions {
  epochs?: EpochScale | null;
  /** The configured schedule name; only used to tell apart forms that are numerically identical. */
  configured?: string | null;
  lrKey?: string | null;
}

/** Relative tolerance under which two logged LRs count as the same value (float noise). */
const SAME = 1e-7;
/** Continuous fits (and their fitError) use at most this many evenly spaced points. */
const FIT_POINTS = 20000;
/** Fit errors this small are float noise: models within it of the best fit count as equally good. */
const NOISE = 1e-6;

interface Staged {
  type: ScheduleType;
  params: ScheduleParams;
  error: number;
  stepping: ScheduleFit["stepping"];
}

export function recognizeSchedule(lr: Series, opts: RecognizeOptions = {}): ScheduleFit {
  const usable = (v: number) => Number.isFinite(v) && v >= 0;
  let steps = lr.steps,
    ys = lr.values;
  let clean = true;
  for (let i = 0; i < ys.length && clean; i++) clean = usable(ys[i]);
  if (!clean) {
    steps = steps.filter((_, i) => usable(ys[i]));
    ys = ys.filter(usable);
  }
  const epochs = opts.epochs ?? null;
  if (steps.length < 2) return finish({ type: "unknown", params: {}, error: 0, stepping: "unknown" }, null, steps, opts);

  let peak = 0;
  for (const v of ys) if (v > peak) peak = v;
  let p = 0;
  while (ys[p] < peak * (1 - SAME)) p++;
  const configured = opts.configured ?? null;
  // The change scan does not depend on where the decay's step axis starts, so it is done once per start index.
  const scans = new Map<number, ChangeScan>();
  const decayFrom = (origin: number, from: number) => {
    if (!scans.has(from)) scans.set(from, scanChanges(ys, from, peak));
    return recognizeDecay(steps, ys, scans.get(from)!, origin, peak, epochs, configured);
  };

  // Peak at the last point of a straight rise: a linear warmup the log ends in (a run cut or still
  // early). No decay was logged, so none is fitted: fitting one to a rising LR reads it backwards.
  if (p === ys.length - 1 && p > 0) {
    const line = linearFit(steps, ys);
    if (line.b > 0 && line.rms / peak < 1e-3) {
      const warmup: Warmup = { type: "linear", steps: steps[p] - steps[0], startFactor: ys[0] / peak, ongoing: true };
      return finish({ type: "unknown", params: {}, error: line.rms / peak, stepping: "unknown" }, warmup, steps, opts);
    }
  }
  const rise = detectRise(steps, ys, p, peak, epochs);
  if (rise.kind === "onecycle") {
    const oc = fitOneCycle(steps, ys, p, peak);
    return finish(oc.error <= 0.05 ? oc : { type: "unknown", params: {}, error: oc.error, stepping: "unknown" }, null, steps, opts, steps[p]);
  }
  if (rise.kind === "none") {
    // Schedulers count from step 0, but a log written every N steps starts at step N−1 or N (Lightning,
    // HF Trainer): read from there a cosine looks shorter and offset. Kept only where it fits better.
    const fromFirst = decayFrom(steps[0], 0);
    const fromZero = steps[0] > 0 ? decayFrom(0, 0) : fromFirst;
    return fromZero.error < fromFirst.error - NOISE ? finish(fromZero, null, steps, opts, 0) : finish(fromFirst, null, steps, opts);
  }
  if (rise.kind === "constant") {
    const warmup: Warmup = { type: "constant", steps: rise.end - steps[0], startFactor: ys[0] / peak };
    return finish(decayFrom(rise.end, p), warmup, steps, opts, rise.end);
  }
  // Linear warmup: it ends where the line meets the decay's base LR, which the decay fit gives;
  // with sparse logging neither end is logged, so alternate the two a few times. Warmups last
  // whole steps: a length within float noise of an integer is taken as that integer.
  const { a, b } = rise;
  const from = Math.abs(ys[p] - (a + b * steps[p])) <= 1e-3 * peak ? p + 1 : p;
  const lengthFor = (base: number) => {
    const w = (base - a) / b - steps[0];
    return Math.abs(w - Math.round(w)) < 1e-6 ? Math.round(w) : w;
  };
  let w = lengthFor(peak);
  let staged = decayFrom(steps[0] + w, from);
  for (let k = 0; k < 4; k++) {
    const next = lengthFor((staged.params.baseLr as number | undefined) ?? peak);
    if (!(Math.abs(next - w) > 0.01) || next <= 0) break;
    w = next;
    staged = decayFrom(steps[0] + w, from);
  }
  const wRound = Math.max(1, Math.round(w));
  if (wRound !== w) staged = decayFrom(steps[0] + wRound, from);
  const base = (staged.params.baseLr as number | undefined) ?? peak;
  const warmup: Warmup = { type: "linear", steps: wRound, startFactor: ys[0] / base };
  return finish(staged, warmup, steps, opts, steps[0] + wRound);
}

type Rise = { kind: "none" } | { kind: "onecycle" } | { kind: "constant"; end: number } | { kind: "linear"; a: number; b: number };

/** The rising part before the peak: a linear or constant warmup, or one-cycle's cosine ramp. */
function detectRise(steps: number[], ys: number[], p: number, peak: number, epochs: EpochScale | null): Rise {
  // Peak at the end: nothing decays after the rise (an LR range test, or a run stopped in warmup).
  if (p === 0 || p === ys.length - 1) return { kind: "none" };
  const pre = ys.slice(0, p);
  if (pre.every((v) => Math.abs(v - pre[0]) <= SAME * peak)) return { kind: "constant", end: changeStep(steps[p - 1], steps[p], epochs) };
  // Fitted before the peak: with sparse logging the peak point may already be past the warmup.
  const line = linearFit(steps.slice(0, p), pre);
  if (p >= 2 && line.rms / peak < 1e-3 && line.b > 0) return { kind: "linear", a: line.a, b: line.b };
  return p >= 2 ? { kind: "onecycle" } : { kind: "none" };
}

/** OneCycleLR (cosine annealing): up from maxLr/divFactor to maxLr, then down to initial/finalDivFactor. */
function fitOneCycle(steps: number[], ys: number[], p: number, peak: number): Staged {
  const { t, y } = shifted(steps, ys, p, steps[p], FIT_POINTS);
  const down = fitCosine(t, y, peak);
  const T = down.params.totalSteps as number;
  const totalSteps = Math.round(steps[p] - steps[0] + T + 1);
  const initial = ys[0];
  const etaMin = down.params.etaMin as number;
  const up = (x: number) => initial + ((peak - initial) * (1 - Math.cos((Math.PI * x) / (steps[p] - steps[0])))) / 2;
  let sse = 0;
  for (let i = 0; i < p; i++) sse += (ys[i] - up(steps[i] - steps[0])) ** 2;
  const nDown = ys.length - p;
  const error = Math.sqrt((sse + down.error ** 2 * peak * peak * nDown) / ys.length) / peak;
  return {
    type: "onecycle",
    params: {
      maxLr: peak,
      totalSteps,
      pctStart: (steps[p] - steps[0] + 1) / totalSteps,
      divFactor: peak / initial,
      ...(etaMin > 0 ? { finalDivFactor: initial / etaMin } : {}),
    },
    error,
    stepping: "iteration",
  };
}

/** Points of the decay: steps from index `from` on, counted from `origin`, at most `max` evenly spaced. */
function shifted(steps: number[], ys: number[], from: number, origin: number, max = Infinity): { t: number[]; y: number[] } {
  const n = steps.length - from;
  const m = Math.min(n, max);
  const t = new Array<number>(m),
    y = new Array<number>(m);
  for (let k = 0; k < m; k++) {
    const i = from + (m === n ? k : Math.round((k * (n - 1)) / (m - 1)));
    t[k] = steps[i] - origin;
    y[k] = ys[i];
  }
  return { t, y };
}

interface ChangeScan {
  from: number;
  /** Indices (relative to `from`) where the LR changed, kept only while few enough for a staircase. */
  changes: number[];
  changeCount: number;
  /** Indices where the LR jumped up (restarts). */
  rises: number[];
  riseCount: number;
}

/** One pass over the LR after the warmup: where it changes and where it jumps up. */
function scanChanges(ys: number[], from: number, peak: number): ChangeScan {
  const n = ys.length - from;
  const scan: ChangeScan = { from, changes: [], changeCount: 0, rises: [], riseCount: 0 };
  for (let i = 1; i < n; i++) {
    const a = ys[from + i - 1],
      b = ys[from + i];
    if (Math.abs(b - a) > SAME * peak) {
      scan.changeCount++;
      if (scan.changes.length <= n / 2) scan.changes.push(i);
    }
    if (b > a * (1 + 1e-3)) {
      scan.riseCount++;
      if (scan.rises.length <= n / 8) scan.rises.push(i);
    }
  }
  return scan;
}

/** The schedule after the warmup (from index `scan.from`, steps counted from `origin`). */
function recognizeDecay(
  steps: number[],
  ys: number[],
  scan: ChangeScan,
  origin: number,
  peak: number,
  epochs: EpochScale | null,
  configured: string | null,
): Staged {
  const { from, changes, changeCount, rises, riseCount } = scan;
  const n = ys.length - from;
  if (changeCount === 0) return { type: "constant", params: { baseLr: ys[from] }, error: 0, stepping: "unknown" };
  if (riseCount > 0 && riseCount < changeCount / 4) {
    const { t, y } = shifted(steps, ys, from, origin);
    return restarts(t, y, peak, rises, epochs, origin);
  }
  if (changeCount < 0.5 * (n - 1)) {
    const { t, y } = shifted(steps, ys, from, origin);
    return staircase(t, y, peak, changes, epochs, configured, origin);
  }
  const { t, y } = shifted(steps, ys, from, origin, FIT_POINTS);
  return { ...bestContinuous(t, y, peak, configured), stepping: "iteration" };
}

function bestContinuous(t: number[], y: number[], peak: number, configured: string | null): Omit<Staged, "stepping"> {
  const fits: Fit[] = [fitExponential(t, y, peak), fitInverseSqrt(t, y, peak), fitCosine(t, y, peak), fitPoly(t, y, peak, false)];
  // The MMSeg poly form (free minLr) is a costlier search: only when nothing simpler fits closely
  // (a min_lr below ~0.1% of the base LR is then reported as 0).
  if (Math.min(...fits.map((f) => f.error)) > 2e-5) fits[3] = fitPoly(t, y, peak, true);
  const best = Math.min(...fits.map((f) => f.error));
  // Simplest model that is as good as the best one (a poly with T → ∞ mimics an exponential).
  const chosen = fits.find((f) => f.error <= best * 1.5 + NOISE)!;
  if (chosen.error > 0.05) return { type: "unknown", params: { baseLr: y[0] }, error: chosen.error };
  if (chosen.type === "poly" && Math.abs((chosen.params.power as number) - 1) < 0.01 && /linear/i.test(configured ?? "")) {
    // LinearLR(start_factor=1, end_factor=e) is exactly poly with power 1 and minLr = e·base.
    return { type: "linear", params: chosen.params, error: chosen.error };
  }
  return { type: chosen.type, params: chosen.params, error: chosen.error };
}

/** Piecewise-constant LR: step, multistep, per-epoch exponential, plateau-driven, or a per-epoch-stepped decay. */
function staircase(t: number[], y: number[], peak: number, changes: number[], epochs: EpochScale | null, configured: string | null, origin: number): Staged {
  const at = changes.map((i) => changeAt(t, i, epochs, origin));
  const levels = [y[0], ...changes.map((i) => y[i])];
  const ratios = levels.slice(1).map((v, k) => v / levels[k]);
  const ratio = median(ratios);
  const sameRatio = ratios.every((r) => Math.abs(r - ratio) <= 1e-4 * ratio);
  let gaps = at.map((s, k) => s - (k === 0 ? 0 : at[k - 1]));
  let regular = gaps.every((g) => g === gaps[0]);
  const period = !regular && sameRatio ? commonPeriod(changes.map((i) => [t[i - 1], t[i]])) : null;
  if (period !== null) {
    at.forEach((_, k) => (at[k] = (k + 1) * period));
    gaps = at.map(() => period);
    regular = true;
  }
  const k = changes.length;
  const perEpoch = epochs !== null && regular && Math.abs(gaps[0] - epochs.stepsPerEpoch) < 1e-9;

  if (sameRatio && regular && (perEpoch || k >= 8)) {
    return { type: "exponential", params: { baseLr: y[0], gamma: ratio, stepSize: gaps[0] }, error: 0, stepping: perEpoch ? "epoch" : "unknown" };
  }
  if (sameRatio && regular && (k > 1 || 2 * gaps[0] > t[t.length - 1])) {
    return { type: "step", params: { baseLr: y[0], gamma: ratio, stepSize: gaps[0] }, error: 0, stepping: stepping(at, epochs) };
  }
  if (regular && k >= 3) {
    // A smooth decay stepped once per interval: fit it to the level starts.
    const fit = bestContinuous([0, ...at], levels, peak, configured);
    return { ...fit, stepping: perEpoch ? "epoch" : "unknown" };
  }
  const plateauLike = /plateau/i.test(configured ?? "") || k >= 3 || !sameRatio;
  if (plateauLike) {
    return { type: "plateau", params: { baseLr: y[0], factor: ratio, milestones: at }, error: 0, stepping: "epoch" };
  }
  return { type: "multistep", params: { baseLr: y[0], gamma: ratio, milestones: at }, error: 0, stepping: stepping(at, epochs) };
}

/** CosineAnnealingWarmRestarts: cycles of T0·tMult^k steps, each a cosine from the base LR down to etaMin. */
function restarts(t: number[], y: number[], peak: number, rises: number[], epochs: EpochScale | null, origin: number): Staged {
  const starts = [0, ...rises.map((i) => changeAt(t, i, epochs, origin))];
  const t0 = starts[1] - starts[0];
  const tMult = starts.length > 2 ? Math.max(1, Math.round((starts[2] - starts[1]) / t0)) : 1;
  const firstEnd = rises[0];
  const cycle = fitCosine(t.slice(0, firstEnd), y.slice(0, firstEnd), peak, t0);
  // Model over the whole run, for the error.
  let sse = 0;
  let c = 0;
  for (let i = 0; i < t.length; i++) {
    while (c + 1 < starts.length && t[i] >= starts[c + 1]) c++;
    const len = t0 * tMult ** c;
    sse += (y[i] - cycle.at(((t[i] - starts[c]) * t0) / len)) ** 2;
  }
  return {
    type: "cosine_restarts",
    params: { baseLr: cycle.params.baseLr, etaMin: cycle.params.etaMin, t0, tMult },
    error: Math.sqrt(sse / t.length) / peak,
    stepping: "iteration",
  };
}

/** Where the change seen at point i of `t` (steps counted from `origin`) happened, found on the absolute step axis: round numbers and epoch boundaries are absolute. */
function changeAt(t: number[], i: number, epochs: EpochScale | null, origin: number): number {
  return changeStep(t[i - 1] + origin, t[i] + origin, epochs) - origin;
}

/**
 * The step at which a change seen between two logged steps happened: the epoch boundary in
 * (prev, cur] if any, else the "roundest" number there (most trailing zeros), else cur.
 */
function changeStep(prev: number, cur: number, epochs: EpochScale | null): number {
  if (cur - prev <= 1) return cur;
  if (epochs) {
    const spe = epochs.stepsPerEpoch;
    const b = Math.ceil((prev + 1e-9) / spe) * spe;
    if (b <= cur && Number.isInteger(b)) return b;
  }
  return roundest(prev, cur);
}

/** The integer in (lo, hi] with the most trailing zeros (hi when none is rounder). */
function roundest(lo: number, hi: number): number {
  let best = Math.floor(hi),
    bestZeros = -1;
  for (let m = 10 ** Math.floor(Math.log10(Math.max(1, hi))); m >= 1; m /= 10) {
    const c = Math.floor(lo / m + 1) * m;
    if (c <= hi) {
      const zeros = Math.round(Math.log10(m));
      if (zeros > bestZeros) {
        best = c;
        bestZeros = zeros;
      }
    }
  }
  return best;
}

/**
 * A period d whose multiples k·d fall in every window (prev_k, cur_k] where the k-th change was
 * seen: sparse logging of a regular step schedule. Null when no period fits.
 */
function commonPeriod(windows: [number, number][]): number | null {
  let lo = 0,
    hi = Infinity;
  windows.forEach(([prev, cur], k) => {
    lo = Math.max(lo, prev / (k + 1));
    hi = Math.min(hi, cur / (k + 1));
  });
  if (!(lo < hi) || hi - lo < 1e-9) return null;
  const d = roundest(lo, hi);
  return d > lo && d <= hi ? d : null;
}

function stepping(at: number[], epochs: EpochScale | null): ScheduleFit["stepping"] {
  if (!epochs) return "unknown";
  return at.every((s) => Math.abs(s / epochs.stepsPerEpoch - Math.round(s / epochs.stepsPerEpoch)) < 1e-9) ? "epoch" : "iteration";
}

const STEP_PARAMS = ["stepSize", "milestones", "totalSteps", "t0", "timescale"];

function finish(s: Staged, warmup: Warmup | null, steps: number[], opts: RecognizeOptions, mainStart = steps[0] ?? 0): ScheduleFit {
  const params: ScheduleParams = {};
  for (const [k, v] of Object.entries(s.params)) params[k] = Array.isArray(v) ? v : precise(v);
  // Milestones are positions on the step axis; everything else found above counts from the decay start.
  if (Array.isArray(params.milestones)) params.milestones = params.milestones.map((m) => m + mainStart);
  if (warmup) warmup = { ...warmup, startFactor: precise(warmup.startFactor) };
  const epochs = opts.epochs;
  if (epochs) {
    for (const key of STEP_PARAMS) {
      const v = params[key];
      if (v === undefined) continue;
      params[key + "Epochs"] = Array.isArray(v) ? v.map((m) => tidy(epochs.epochAt(m))) : tidy(v / epochs.stepsPerEpoch);
    }
    if (warmup) warmup = { ...warmup, stepsEpochs: tidy(warmup.steps / epochs.stepsPerEpoch) };
  }
  const first = steps[0] ?? 0,
    last = steps[steps.length - 1] ?? 0;
  const segments: ScheduleSegment[] = warmup?.ongoing
    ? [{ type: "warmup", start: first, end: last }]
    : warmup
      ? [
          { type: "warmup", start: first, end: first + warmup.steps },
          { type: s.type, start: first + warmup.steps, end: last },
        ]
      : [{ type: s.type, start: first, end: last }];
  const fit: ScheduleFit = {
    type: s.type,
    params,
    fitError: s.error,
    warmup,
    segments,
    stepping: s.stepping,
    label: "",
    lrKey: opts.lrKey ?? null,
  };
  fit.label = scheduleLabel(fit);
  const mismatch = scheduleMismatch(opts.configured, fit);
  if (mismatch) fit.mismatch = mismatch;
  return fit;
}

/** Drops float noise from fitted values (599.9999999999999 → 600) while keeping 10 significant digits. */
function precise(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-9 * Math.abs(x) ? r : +x.toPrecision(10);
}

/** Rounds away float noise from step→epoch conversions (19.999999 → 20). */
function tidy(x: number): number {
  const r = Math.round(x * 1e6) / 1e6;
  return Number.isInteger(Math.round(r * 1e3) / 1e3) ? Math.round(r) : r;
}
