import { formatAny, formatLr, formatMetric } from "@/lib/format/format-values";
import { isLrKey } from "@/lib/metrics/lr-keys";

/**
 * The analysis' own evidence fields name LRs in camelCase (baseLr, fromLr, suggestedLr, etaMin):
 * our field names, not logged keys, so they get this rule on top of the logged-key one.
 */
const ANALYSIS_LR_FIELD = /Lr$|^lr$|eta_?min/i;
const isLrField = (key: string) => ANALYSIS_LR_FIELD.test(key) || isLrKey(key);

/** One evidence / detail / parameter value: LRs in exponent form, arrays joined, null as a dash. */
export function formatValue(key: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => formatValue(key, v)).join(", ");
  if (typeof value === "number" || value === "NaN" || value === "Infinity" || value === "-Infinity")
    return isLrField(key) ? formatLr(value) : formatMetric(value);
  return formatAny(value);
}

/** {lr: 0.02, factor: 2} → "lr 0.02 · factor 2" */
export function formatRecord(record: Record<string, unknown>, skip: readonly string[] = []): string {
  return Object.entries(record)
    .filter(([k]) => !skip.includes(k))
    .map(([k, v]) => `${k} ${formatValue(k, v)}`)
    .join(" · ");
}
