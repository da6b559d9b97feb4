import { ema, median, robustSigma, strideIndices } from "./stats";
import type { AnalysisEvent, Mode, Series } from "./types";

/** Divergence and instability events found in the loss, the metrics and the LR. */

export interface EventInput {
  loss?: Series;
  /** Every logged series except LRs, checked for NaN/±Inf. */
  all?: Record<string, Series>;
  valLoss?: Series;
  metric?: Series;
  metricKey?: string;
  metricMode?: Mode;
  lr?: Series;
}

const MAX_SPIKES = 20;
const MAX_LR_DROPS = 100;

export function detectEvents(input: EventInput): AnalysisEvent[] {
  const events: AnalysisEvent[] = [...nonFinite(input.all ?? {})];
  const loss = input.loss ? finite(input.loss) : null;
  if (loss && loss.values.length >= 20) {
    const s = smoothOf(loss);
    events.push(...spikes(loss), ...sustainedIncrease(loss, s), ...oscillation(loss, s), ...stagnation(loss, s));
    const overfit = overfitting(loss, s, input);
    if (overfit) events.push(overfit);
  }
  if (input.lr) events.push(...lrDrops(input.lr));
  return events.sort((a, b) => a.step - b.step);
}

/** Index of the first non-finite value, or −1 (a plain loop: this runs on million-point series). */
function firstNonFinite(values: readonly number[]): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

function finite(s: Series): Series {
  if (firstNonFinite(s.values) < 0) return s;
  const steps: number[] = [],
    values: number[] = [];
  for (let i = 0; i < s.values.length; i++)
    if (Number.isFinite(s.values[i])) {
      steps.push(s.steps[i]);
      values.push(s.values[i]);
    }
  return { steps, values };
}

const show = (v: number) => (Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");

function nonFinite(all: Record<string, Series>): AnalysisEvent[] {
  const out: AnalysisEvent[] = [];
  for (const [key, s] of Object.entries(all)) {
    const i = firstNonFinite(s.values);
    if (i >= 0)
      out.push({
        type: "nan",
        step: s.steps[i],
        severity: "error",
        detail: { key, value: show(s.values[i]), count: s.values.filter((v) => !Number.isFinite(v)).length },
      });
  }
  return out;
}

/** Spikes: relative jumps above a trailing baseline, in units of the run's own relative noise. */
function spikes(loss: Series): AnalysisEvent[] {
  const { steps, values } = loss;
  const n = values.length;
  const rel = new Float64Array(n);
  const alpha = 0.1;
  let base = values[0];
  for (let i = 1; i < n; i++) {
    rel[i] = (values[i] - base) / Math.abs(base || 1e-12);
    // Clip the update so a spike does not lift the baseline it is measured against.
    base += alpha * (Math.min(values[i], base * 1.5 + 1e-12) - base);
  }
  const sample = strideIndices(n - 1, 20000).map((i) => rel[i + 1]);
  const sigma = Math.max(robustSigma(sample), 1e-6);
  const threshold = Math.max(8 * sigma, 0.3);
  const found: AnalysisEvent[] = [];
  for (let i = 1; i < n; i++) {
    if (rel[i] <= threshold) continue;
    let j = i,
      peak = i;
    while (j + 1 < n && rel[j + 1] > threshold && j - i < 50) {
      j++;
      if (rel[j] > rel[peak]) peak = j;
    }
    found.push({
      type: "spike",
      step: steps[peak],
      severity: rel[peak] > 1 ? "warning" : "info",
      detail: { loss: values[peak], baseline: values[peak] / (1 + rel[peak]), ratio: 1 + rel[peak], noiseSigmas: rel[peak] / sigma, length: j - i + 1 },
    });
    i = j;
  }
  return found.sort((a, b) => (b.detail.ratio as number) - (a.detail.ratio as number)).slice(0, MAX_SPIKES);
}

function smoothOf(loss: Series): number[] {
  const span = Math.max(5, Math.round(loss.values.length / 20));
  return ema(loss.values, 2 / (span + 1));
}

/** Sustained increase: the smoothed loss climbs well above its running minimum and stays there. */
function sustainedIncrease(loss: Series, s: number[]): AnalysisEvent[] {
  const n = s.length;
  const hold = Math.max(10, Math.round(0.05 * n));
  let runMin = Infinity;
  for (let i = 0; i < n; i++) {
    runMin = Math.min(runMin, s[i]);
    if (!(s[i] > 1.5 * runMin && runMin > 0)) continue;
    let j = i;
    while (j < Math.min(n, i + hold) && s[j] >= 1.3 * runMin) j++;
    if (j < i + hold) {
      // Not sustained: resume after the dip (keeps the scan linear).
      for (let k = i + 1; k <= Math.min(j, n - 1); k++) runMin = Math.min(runMin, s[k]);
      i = j;
      continue;
    }
    return [
      {
        type: "divergence",
        step: loss.steps[i],
        severity: "error",
        detail: { smoothedLoss: s[i], minSmoothedLoss: runMin, ratio: s[i] / runMin, finalSmoothedLoss: s[n - 1] },
      },
    ];
  }
  return [];
}

/** Mean of the smoothed loss over the first and last 5% of the run. */
function ends(loss: Series, s: number[]): { first: number; last: number } {
  const k = Math.max(5, Math.round(0.05 * s.length));
  const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  return { first: avg(loss.values.slice(0, k)), last: avg(s.slice(-k)) };
}

/** Loss jumping around by a large fraction of its level without trending down: LR too high. */
function oscillation(loss: Series, s: number[]): AnalysisEvent[] {
  const half = Math.floor(s.length / 2);
  const dev = strideIndices(s.length - half, 20000).map((k) => {
    const i = half + k;
    return Math.abs(loss.values[i] - s[i]) / Math.abs(s[i] || 1e-12);
  });
  const relNoise = median(dev) * 1.4826;
  const trend = (s[half] - s[s.length - 1]) / Math.abs(s[half] || 1e-12);
  if (relNoise < 0.3 || trend > 0.05) return [];
  return [{ type: "oscillation", step: loss.steps[half], severity: "warning", detail: { relativeNoise: relNoise, trendSecondHalf: trend } }];
}

/** Loss that barely moves over the whole run: LR too low. */
function stagnation(loss: Series, s: number[]): AnalysisEvent[] {
  if (loss.values.length < 50) return [];
  const { first, last } = ends(loss, s);
  const change = (first - last) / Math.abs(first || 1e-12);
  if (change >= 0.1 || change < -0.1) return [];
  return [{ type: "stagnation", step: loss.steps[0], severity: "warning", detail: { firstLoss: first, lastLoss: last, relativeDecrease: change } }];
}

/**
 * Overfitting: after the validation optimum (lowest val loss, else best metric) the validation
 * side gets worse for a sustained stretch while the training loss keeps falling.
 */
function overfitting(loss: Series, s: number[], input: EventInput): AnalysisEvent | null {
  const useLoss = input.valLoss && input.valLoss.values.length >= 5;
  const v = useLoss ? finite(input.valLoss!) : input.metric ? finite(input.metric) : null;
  if (!v || v.values.length < 5) return null;
  const sign = useLoss || input.metricMode === "min" ? 1 : -1; // +1: lower is better
  const y = v.values.map((x) => sign * x);
  const n = y.length;
  let b = 0;
  for (let i = 1; i < n; i++) if (y[i] < y[b]) b = i;
  const after = n - 1 - b;
  if (after < Math.max(3, Math.round(0.2 * n))) return null;
  const tail = y.slice(Math.max(b + 1, n - Math.max(3, Math.round(0.1 * n))));
  const end = tail.reduce((s, x) => s + x, 0) / tail.length;
  const diffs: number[] = [];
  for (let i = 1; i < n; i++) diffs.push(y[i] - y[i - 1]);
  const noise = robustSigma(diffs) / Math.SQRT2;
  const worse = end - y[b];
  const scale = Math.abs(y[b]) || 1;
  if (worse < Math.max(3 * noise, 0.05 * scale)) return null;
  const trainAt = (step: number) => {
    let i = loss.steps.findIndex((x) => x >= step);
    if (i < 0) i = s.length - 1;
    return s[i];
  };
  const trainBest = trainAt(v.steps[b]),
    trainEnd = trainAt(v.steps[n - 1]);
  if (!(trainEnd < trainBest * 0.97)) return null;
  return {
    type: "overfitting",
    step: v.steps[b],
    severity: "warning",
    detail: {
      on: useLoss ? "val_loss" : (input.metricKey ?? "metric"),
      bestValue: sign * y[b],
      finalValue: sign * end,
      trainLossAtBest: trainBest,
      trainLossAtEnd: trainEnd,
    },
  };
}

/** Discrete LR drops (≥ 20% between consecutive logged values). */
function lrDrops(lr: Series): AnalysisEvent[] {
  const out: AnalysisEvent[] = [];
  for (let i = 1; i < lr.values.length && out.length < MAX_LR_DROPS; i++) {
    const a = lr.values[i - 1],
      b = lr.values[i];
    if (b < a * 0.8 && b >= 0) out.push({ type: "lr_drop", step: lr.steps[i], severity: "info", detail: { fromLr: a, toLr: b, factor: b / a } });
  }
  return out;
}
