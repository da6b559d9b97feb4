import { isLrKey } from "@/lib/metrics/lr-keys";

const LOSS_LIKE = /loss|err|perplexity|ppl/i;

/** Chart order on the run page: learning rates, the main metric, loss-like keys, then the rest (each group A→Z). */
export function orderMetricKeys(keys: readonly string[], mainMetric: string): string[] {
  const rank = (key: string) => (isLrKey(key) ? 0 : key === mainMetric ? 1 : LOSS_LIKE.test(key) ? 2 : 3);
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
