import { looksLikeLr } from "../format";

const LOSS_LIKE = /loss|err|perplexity|ppl/i;

/** Chart order on the run page: learning rates, the main metric, loss-like keys, then the rest (each group A→Z). */
export function orderMetricKeys(keys: readonly string[], mainMetric: string): string[] {
  const rank = (key: string) => (looksLikeLr(key) ? 0 : key === mainMetric ? 1 : LOSS_LIKE.test(key) ? 2 : 3);
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Flattens nested config into dotted keys: {optim: {lr: 1e-4}} → [["optim.lr", 1e-4]]. Arrays stay values. */
export function flattenConfig(config: Record<string, unknown>, prefix = ""): [string, unknown][] {
  return Object.entries(config).flatMap(([k, v]): [string, unknown][] => {
    const key = prefix ? `${prefix}.${k}` : k;
    return v !== null && typeof v === "object" && !Array.isArray(v) ? flattenConfig(v as Record<string, unknown>, key) : [[key, v]];
  });
}
