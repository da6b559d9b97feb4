import { formatAny, formatLr, formatMetric, looksLikeLr } from "@/lib/format/format-values";

/** Analysis keys name LRs in camelCase (baseLr, fromLr, suggestedLr, etaMin), which looksLikeLr doesn't cover. */
const LR_KEY = /lr$|eta_?min/i;
const isLrKey = (key: string) => LR_KEY.test(key) || looksLikeLr(key);

/** One evidence / detail / parameter value: LRs in exponent form, arrays joined, null as a dash. */
export function formatValue(key: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => formatValue(key, v)).join(", ");
  if (typeof value === "number" || value === "NaN" || value === "Infinity" || value === "-Infinity")
    return isLrKey(key) ? formatLr(value) : formatMetric(value);
  return formatAny(value);
}

/** {lr: 0.02, factor: 2} → "lr 0.02 · factor 2" */
export function formatRecord(record: Record<string, unknown>, skip: readonly string[] = []): string {
  return Object.entries(record)
    .filter(([k]) => !skip.includes(k))
    .map(([k, v]) => `${k} ${formatValue(k, v)}`)
    .join(" · ");
}
