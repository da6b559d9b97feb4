import type { RunKeys } from "./types";

// The last pattern finds `lr` as a word of a longer key (`train/lr`, `run - lr`), not a value in a
// run name (`…_learning_rate_0.01_…`, `…_lr_1e-4…`, as W&B exports prefix every column with the run's name).
const LR = [/^(lr|learning_rate)$/i, /^lr-/i, /^lr\/pg0$/i, /(^|[\s/_.-])(lr|learning_rate)($|[/_.-](?!\d+(\.\d|e-?\d)))/i];

/** Main validation metric by preference: mIoU (validation first), then mAP, dice, accuracy, val loss. */
const MAIN = [
  /^(val|eval|validation)[/_.-]?m(ean)?_?io_?u(_\d+)?$/i,
  /m(ean)?_?io_?u/i,
  /mAP50-95\(M\)/,
  /mAP50-95/i,
  /mAP/i,
  /^(val|eval|validation)[/_.-]?.*dice/i,
  /^(val|eval|validation)[/_.-]?.*acc/i,
  /^(val|eval|validation)[/_.-]?loss$/i,
];

function firstMatch(keys: string[], patterns: RegExp[], exclude?: RegExp): string | undefined {
  for (const p of patterns) {
    const hit = keys.find((k) => p.test(k) && !(exclude && exclude.test(k)));
    if (hit) return hit;
  }
  return undefined;
}

/** Picks the learning-rate key and the main validation metric from the keys a run logged. */
export function chooseKeys(keys: string[], known: Partial<RunKeys> & { x: RunKeys["x"] }): RunKeys {
  const lr = known.lr ?? firstMatch(keys, LR, /warmup|finder/i);
  // Training-side mIoU (e.g. "train/mIoU") only when nothing validation-side exists.
  const mainMetric = known.mainMetric ?? firstMatch(keys, MAIN, /^train/i) ?? firstMatch(keys, MAIN);
  return { x: known.x, ...(lr ? { lr } : {}), ...(mainMetric ? { mainMetric } : {}) };
}
