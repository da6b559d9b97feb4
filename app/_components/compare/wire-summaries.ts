import type { RunSummary as MetricSummary } from "@/lib/compare/summary";
import { fromWire } from "../api-types";
import type { WireRunSummary } from "./types";

/** The wire summaries back to numbers for the CSV ("NaN" strings → NaN, printed as NaN again). */
export function unwireSummaries(summary: Record<string, WireRunSummary>): Record<string, MetricSummary> {
  return Object.fromEntries(Object.entries(summary).map(([id, s]) => [id, unwire(s)]));
}

function unwire(s: WireRunSummary): MetricSummary {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) out[k] = v === "NaN" || v === "Infinity" || v === "-Infinity" ? fromWire(v) : v;
  return out as unknown as MetricSummary;
}
