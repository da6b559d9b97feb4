import { findLrKeys } from "@/lib/metrics/lr-keys";
import type { RunKeys } from "./types";

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
  const lr = known.lr ?? findLrKeys(keys)[0];
  // Training-side mIoU (e.g. "train/mIoU") only when nothing validation-side exists.
  const mainMetric = known.mainMetric ?? firstMatch(keys, MAIN, /^train/i) ?? firstMatch(keys, MAIN);
  return { x: known.x, ...(lr ? { lr } : {}), ...(mainMetric ? { mainMetric } : {}) };
}
