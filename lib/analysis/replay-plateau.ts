import type { PlateauReduction, PlateauReplay, PlateauReplayParams } from "./types";

/** Replays torch.optim.lr_scheduler.ReduceLROnPlateau on a logged metric, one step per evaluation. */

export const DEFAULT_PLATEAU_PARAMS: PlateauReplayParams = {
  mode: "max",
  factor: 0.1,
  patience: 10,
  threshold: 1e-4,
  thresholdMode: "rel",
  cooldown: 0,
  minLr: 0,
  eps: 1e-8,
};

/** PyTorch's `is_better`; comparisons with NaN are false, so NaN never counts as better. */
export function isBetter(a: number, best: number, p: Pick<PlateauReplayParams, "mode" | "threshold" | "thresholdMode">): boolean {
  if (p.mode === "min") return p.thresholdMode === "rel" ? a < best * (1 - p.threshold) : a < best - p.threshold;
  return p.thresholdMode === "rel" ? a > best * (p.threshold + 1) : a > best + p.threshold;
}

export interface ReplayInput {
  /** Metric value at each evaluation, in order. */
  values: readonly number[];
  /** Step of each evaluation (same length as values). */
  steps: readonly number[];
  /** Epoch of each evaluation, when known. */
  epochs?: readonly (number | null)[];
  startLr: number;
}

export function replayReduceLROnPlateau(input: ReplayInput, params: Partial<PlateauReplayParams> = {}): PlateauReplay {
  const p: PlateauReplayParams = { ...DEFAULT_PLATEAU_PARAMS, ...params };
  const reductions: PlateauReduction[] = [];
  let best = p.mode === "min" ? Infinity : -Infinity;
  let bad = 0;
  let cooldownCounter = 0;
  let lr = input.startLr;
  for (let i = 0; i < input.values.length; i++) {
    const current = input.values[i];
    if (isBetter(current, best, p)) {
      best = current;
      bad = 0;
    } else {
      bad++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      bad = 0;
    }
    if (bad > p.patience) {
      const next = Math.max(lr * p.factor, p.minLr);
      if (lr - next > p.eps) {
        reductions.push({ evaluation: i, epoch: input.epochs?.[i] ?? null, step: input.steps[i], fromLr: lr, toLr: next });
        lr = next;
      }
      cooldownCounter = p.cooldown;
      bad = 0;
    }
  }
  return { reductions, params: p };
}

/** Index of the last evaluation that was "better" under the ReduceLROnPlateau rule, and how many followed. */
export function evaluationsSinceBest(
  values: readonly number[],
  p: Pick<PlateauReplayParams, "mode" | "threshold" | "thresholdMode">,
): { bestIndex: number; since: number } {
  let best = p.mode === "min" ? Infinity : -Infinity;
  let bestIndex = -1;
  for (let i = 0; i < values.length; i++) {
    if (isBetter(values[i], best, p)) {
      best = values[i];
      bestIndex = i;
    }
  }
  return { bestIndex, since: values.length - 1 - bestIndex };
}
