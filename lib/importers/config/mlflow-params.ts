import { parseNumber } from "../text/numbers";
import { isUltralyticsConfig, mapConfig, mapUltralyticsConfig, withOriginal } from "./map-config";

/**
 * MLflow stores every param as a string (Python's str(value)). Interpreted: numbers (NaN/inf
 * spellings included), Python and JSON booleans, and None as null; anything else stays a string.
 */
export function parseParamValue(text: string): unknown {
  const t = text.trim();
  if (t === "True" || t === "true") return true;
  if (t === "False" || t === "false") return false;
  if (t === "None") return null;
  const n = parseNumber(t);
  return typeof n === "number" ? n : text;
}

/**
 * A run config from MLflow params: the Anneal keys (lr, optimizer, batch_size, schedule, …) mapped
 * from the names HF Trainer, Lightning and Ultralytics log, then every param interpreted under
 * `original.params` (plus any other `sources`, e.g. an imported run's tags).
 */
export function mlflowParamsConfig(params: Record<string, string>, sources: Record<string, unknown> = {}): Record<string, unknown> {
  const typed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) typed[k] = parseParamValue(v);
  const mapped = isUltralyticsConfig(typed) ? mapUltralyticsConfig(typed) : mapConfig(typed);
  return withOriginal(mapped, { params: typed, ...sources });
}
