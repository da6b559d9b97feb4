import { formatNumber as fmtNum } from "./format";
import { isBetter, replayReduceLROnPlateau } from "./replay-plateau";
import { normalizeScheduleName, scheduleLabel } from "./schedule-label";
import type { EpochScale } from "./series-keys";
import type { Mode, PlateauReplayParams, ScheduleFit, Series } from "./types";

/**
 * A staircase LR (drops at a few steps) is MultiStepLR or ReduceLROnPlateau: the LR alone can't
 * tell. The logged metric can. ReduceLROnPlateau cuts only after `patience + 1` evaluations
 * without improvement (cooldown aside), so a drop right after a new best was not plateau-driven;
 * and a plateau scheduler with some (patience, cooldown, threshold) must reproduce *exactly* the
 * drops seen, no more and no fewer. Where both readings fit the data, both are given; round
 * milestones (multiples of 5 epochs, or of 1,000 steps) tip the label towards multistep.
 */

export interface MonitoredMetric {
  key: string;
  mode: Mode;
  series: Series;
}

/** What the metric says about the drops. */
export interface PlateauFit {
  metric: string;
  mode: Mode;
  /** Patience values (with some cooldown and threshold tried) whose replay gives exactly the drops seen. */
  patience: [number, number];
}

const PATIENCES = 31; // 0…30
const COOLDOWNS = 6; // 0…5
type Threshold = Pick<PlateauReplayParams, "threshold" | "thresholdMode">;
/** PyTorch's default threshold, Keras's default min_delta, and none. */
const THRESHOLDS: Threshold[] = [
  { threshold: 1e-4, thresholdMode: "rel" },
  { threshold: 1e-4, thresholdMode: "abs" },
  { threshold: 0, thresholdMode: "rel" },
];
/** Keras's ReduceLROnPlateau has only an absolute margin: min_delta, 1e-4 by default, or none. */
const KERAS_THRESHOLDS: Threshold[] = [
  { threshold: 1e-4, thresholdMode: "abs" },
  { threshold: 0, thresholdMode: "abs" },
];

/** Reads a multistep or plateau fit against the metrics a plateau scheduler could have monitored (most likely first). */
export function readStaircase(
  fit: ScheduleFit,
  lr: Series,
  metrics: MonitoredMetric[],
  epochs: EpochScale | null,
  configured: string | null,
  own: Partial<PlateauReplayParams> = {},
  /** The run was logged by Keras (isKerasRun): its ReduceLROnPlateau's terms, not PyTorch's. */
  keras = false,
): ScheduleFit {
  if ((fit.type !== "multistep" && fit.type !== "plateau") || !metrics.length) return fit;
  const drops = fit.params.milestones as number[];
  const ratios = dropRatios(lr, drops);
  const factor = fit.type === "plateau" ? (fit.params.factor as number) : (fit.params.gamma as number);
  // One factor throughout, except a last drop cut short by a minimum LR (ReduceLROnPlateau's min_lr).
  const clipped =
    ratios.length > 1 && ratios.slice(0, -1).every((r) => same(r, factor)) && !same(ratios[ratios.length - 1], factor) && ratios[ratios.length - 1] > factor;
  const equalFactors = ratios.every((r) => same(r, factor));
  const levels = lrLevels(lr, drops);
  const tried = keras ? KERAS_THRESHOLDS : THRESHOLDS;
  const thresholds = own.threshold !== undefined ? [{ threshold: own.threshold, thresholdMode: own.thresholdMode ?? "rel" }, ...tried] : tried;
  const plateau = fitPlateau(drops, metrics, levels[0], factor, clipped ? levels[levels.length - 1] : 0, thresholds);
  const improving = improvingBefore(drops, metrics[0]);
  const round = roundMilestones(fit, epochs);

  const evidence: string[] = [];
  const at = (d: number) => (epochs ? `epoch ${fmtNum(tidyEpoch(epochs.epochAt(d)))}` : `step ${d}`);
  if (improving.length)
    evidence.push(`${metrics[0].key} was still improving at the evaluation before the drop at ${improving.map(at).join(", ")}: not plateau-driven there`);
  const scheduler = keras ? "Keras's ReduceLROnPlateau" : "ReduceLROnPlateau";
  if (plateau) evidence.push(`${scheduler} on ${plateau.metric} (${plateau.mode}) with ${patienceText(plateau, keras)} reproduces every drop`);
  else if (!improving.length)
    evidence.push(
      `no ${scheduler} setting tried (${keras ? "patience 0–31, cooldown 0–6, min_delta 1e-4 or 0" : "patience 0–30, cooldown 0–5"}) reproduces exactly these drops`,
    );
  if (equalFactors && drops.length > 1) evidence.push(`every drop is ×${fmtNum(factor)}`);
  if (clipped) evidence.push("the last drop is smaller, as a minimum LR would make it: MultiStepLR has none");
  if (round) evidence.push("the milestones are round numbers");

  const wanted = normalizeScheduleName(configured ?? "");
  let primary: "multistep" | "plateau";
  let alternative: "multistep" | "plateau" | null = null;
  // Not plateau-driven only where the metric says so; no setting tried reproducing the drops is no proof (its threshold may differ).
  if (!plateau) primary = improving.length && equalFactors && !clipped ? "multistep" : fit.type;
  else if (clipped || !equalFactors) primary = "plateau";
  else {
    primary = wanted === "plateau" ? "plateau" : wanted === "multistep" || wanted === "step" || round ? "multistep" : "plateau";
    alternative = primary === "plateau" ? "multistep" : "plateau";
  }
  const shaped = (type: "multistep" | "plateau"): ScheduleFit => {
    const params = { ...fit.params };
    delete params.gamma;
    delete params.factor;
    params[type === "plateau" ? "factor" : "gamma"] = factor;
    const f: ScheduleFit = { ...fit, type, params, segments: fit.segments.map((s) => (s.type === "warmup" ? s : { ...s, type })) };
    f.label = scheduleLabel(f) + (type === "plateau" && plateau ? `, ${patienceText(plateau, keras)} on ${plateau.metric}` : "");
    return f;
  };
  const out = shaped(primary);
  if (alternative) {
    const alt = shaped(alternative);
    out.alternatives = [{ type: alternative, label: alt.label }];
    out.label = `${out.label}, or ${alt.label}`;
  }
  out.evidence = evidence;
  if (out.mismatch && wanted && (wanted === primary || wanted === alternative)) delete out.mismatch;
  return out;
}

/**
 * The fitted patience in the scheduler's own terms. PyTorch cuts once `num_bad_epochs > patience`,
 * Keras once `wait >= patience`: Keras's patience k is PyTorch's k − 1 (Keras's 0 and 1 are both
 * PyTorch's 0). Likewise a Keras cooldown c ignores c − 1 evaluations where PyTorch's ignores c.
 */
function patienceText(p: PlateauFit, keras: boolean): string {
  const [lo, hi] = p.patience;
  if (keras) return lo === 0 ? `patience ≤ ${hi + 1}` : lo === hi ? `patience ${lo + 1}` : `patience ${lo + 1}–${hi + 1}`;
  return lo === hi ? `patience ${lo}` : lo === 0 ? `patience ≤ ${hi}` : `patience ${lo}–${hi}`;
}

/**
 * The (metric, patience range) whose ReduceLROnPlateau replay cuts after exactly the evaluations
 * preceding the drops. A cut at evaluation i shows in the LR logged at or after that evaluation's
 * step (PyTorch loops log the val metric where the next epoch starts; Keras logs the LR of the
 * epoch just evaluated), so the evaluation at the drop step or the one before it both match.
 */
function fitPlateau(
  drops: number[],
  metrics: MonitoredMetric[],
  startLr: number,
  factor: number,
  minLr: number,
  thresholds: Pick<PlateauReplayParams, "threshold" | "thresholdMode">[],
): PlateauFit | null {
  for (const m of metrics) {
    const { steps, values } = m.series;
    const allowed = drops.map((d) => {
      const le = lastIndexAtOrBefore(steps, d);
      const lt = lastIndexAtOrBefore(steps, d - 1e-9);
      return new Set([le, lt].filter((i) => i >= 0));
    });
    if (allowed.some((s) => s.size === 0)) continue; // a drop before any evaluation: not plateau-driven
    let lo = Infinity,
      hi = -Infinity;
    for (let patience = 0; patience < PATIENCES; patience++) {
      let fits = false;
      for (let cooldown = 0; cooldown < COOLDOWNS && !fits; cooldown++) {
        for (const t of thresholds) {
          const replay = replayReduceLROnPlateau({ values, steps, startLr }, { mode: m.mode, factor, patience, cooldown, minLr, eps: 0, ...t });
          const r = replay.reductions;
          if (r.length === drops.length && r.every((x, k) => allowed[k].has(x.evaluation))) {
            fits = true;
            break;
          }
        }
      }
      if (fits) {
        lo = Math.min(lo, patience);
        hi = Math.max(hi, patience);
      }
    }
    if (hi >= 0) return { metric: m.key, mode: m.mode, patience: [lo, hi] };
  }
  return null;
}

/** Drops where the metric's last evaluation at or before the drop was a new best (PyTorch's default threshold). */
function improvingBefore(drops: number[], m: MonitoredMetric): number[] {
  const { steps, values } = m.series;
  const p = { mode: m.mode, threshold: 1e-4, thresholdMode: "rel" as const };
  const newBest: boolean[] = [];
  let best = m.mode === "min" ? Infinity : -Infinity;
  for (const v of values) {
    const b = isBetter(v, best, p);
    newBest.push(b);
    if (b) best = v;
  }
  return drops.filter((d) => {
    const i = lastIndexAtOrBefore(steps, d);
    return i > 0 && newBest[i];
  });
}

function roundMilestones(fit: ScheduleFit, epochs: EpochScale | null): boolean {
  const eps = fit.params.milestonesEpochs as number[] | undefined;
  if (epochs && eps) return eps.every((e) => Number.isInteger(e) && e % 5 === 0);
  return (fit.params.milestones as number[]).every((s) => s % 1000 === 0);
}

/** The LR level before the first drop and after each drop. */
function lrLevels(lr: Series, drops: number[]): number[] {
  return [lr.values[0], ...drops.map((d) => lr.values[Math.min(lr.values.length - 1, lastIndexAtOrBefore(lr.steps, d) + 1)])];
}

function dropRatios(lr: Series, drops: number[]): number[] {
  const levels = lrLevels(lr, drops);
  return levels.slice(1).map((v, k) => v / levels[k]);
}

function lastIndexAtOrBefore(steps: readonly number[], s: number): number {
  let lo = 0,
    hi = steps.length - 1,
    ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] <= s) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-4 * Math.abs(b);
}

function tidyEpoch(x: number): number {
  return Math.round(x * 1000) / 1000;
}
