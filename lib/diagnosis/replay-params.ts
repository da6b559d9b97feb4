/** The "what if ReduceLROnPlateau" parameters: PyTorch names and defaults, kept in the page URL. Pure. */

import { DEFAULT_PLATEAU_PARAMS } from "@/lib/analysis/replay-plateau";
import { configuredPlateauParams } from "@/lib/analysis/run-config";
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

/**
 * Where the what-if editor starts: the run's own ReduceLROnPlateau parameters from its config
 * (`schedule_params.factor`, `patience`, …), PyTorch's defaults for the rest.
 */
export function replayBase(config: Record<string, unknown> | undefined): ReplayParams {
  const { mode: _mode, ...own } = configuredPlateauParams(config);
  return { ...REPLAY_DEFAULTS, ...own };
}

/** URL → parameters; missing or invalid values fall back to `base` (the run's own, else the defaults). */
export function readReplayParams(search: URLSearchParams, base: ReplayParams = REPLAY_DEFAULTS): ReplayParams {
  const out: ReplayParams = { ...base };
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

/** Writes only values that differ from `base` into `search` (and removes the others), so shared links stay short. */
export function writeReplayParams(search: URLSearchParams, params: ReplayParams, base: ReplayParams = REPLAY_DEFAULTS): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const key of [...NUMERIC_REPLAY_KEYS, "thresholdMode"] as const) {
    if (params[key] === base[key]) next.delete(key);
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
