/** The "what if ReduceLROnPlateau" parameters: PyTorch names and defaults, kept in the page URL. Pure. */

import { DEFAULT_PLATEAU_PARAMS } from "@/lib/analysis/replay-plateau";
import type { PlateauReplayParams } from "@/lib/analysis/types";

/** The editable parameters (the mode follows the run's main metric). */
export type ReplayParams = Omit<PlateauReplayParams, "mode">;

/** torch.optim.lr_scheduler.ReduceLROnPlateau defaults, as the analysis library defines them. */
export const REPLAY_DEFAULTS: ReplayParams = (({ mode: _mode, ...rest }) => rest)(DEFAULT_PLATEAU_PARAMS);

export type NumericReplayKey = Exclude<keyof ReplayParams, "thresholdMode">;
export const NUMERIC_REPLAY_KEYS: NumericReplayKey[] = ["factor", "patience", "threshold", "cooldown", "minLr", "eps"];

/** The same bounds the API enforces (lib/schemas/analysis.ts), so a bad value is caught before a 400. */
export function replayValueError(key: NumericReplayKey, value: number): string | null {
  if (!Number.isFinite(value)) return "Enter a number";
  if (key === "factor") return value > 0 && value < 1 ? null : "Between 0 and 1 (exclusive)";
  if (key === "patience" || key === "cooldown") return Number.isInteger(value) && value >= 0 ? null : "A whole number ≥ 0";
  return value >= 0 ? null : "Must be ≥ 0";
}

/** URL → parameters; missing or invalid values fall back to the defaults. */
export function readReplayParams(search: URLSearchParams): ReplayParams {
  const out: ReplayParams = { ...REPLAY_DEFAULTS };
  for (const key of NUMERIC_REPLAY_KEYS) {
    const raw = search.get(key);
    if (raw === null || raw.trim() === "") continue;
    const value = Number(raw);
    if (replayValueError(key, value) === null) out[key] = value;
  }
  const mode = search.get("thresholdMode");
  if (mode === "rel" || mode === "abs") out.thresholdMode = mode;
  return out;
}

/** Writes only non-default values into `search` (and removes defaults), so shared links stay short. */
export function writeReplayParams(search: URLSearchParams, params: ReplayParams): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const key of [...NUMERIC_REPLAY_KEYS, "thresholdMode"] as const) {
    if (params[key] === REPLAY_DEFAULTS[key]) next.delete(key);
    else next.set(key, String(params[key]));
  }
  return next;
}

/** The analysis API query for these parameters (all of them, so the cache key is explicit). */
export function analysisQuery(params: ReplayParams): string {
  const q = new URLSearchParams();
  for (const key of [...NUMERIC_REPLAY_KEYS, "thresholdMode"] as const) q.set(key, String(params[key]));
  return q.toString();
}
