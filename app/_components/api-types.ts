/**
 * The shapes the UI reads from /api/v1, inferred from the response schemas the server's answers
 * are checked against (lib/schemas, the route registry in lib/server/api/registry.ts): the wire
 * side, where numbers computed from metrics may be "NaN" / "Infinity" / "-Infinity".
 */
import type { Wire } from "@/lib/schemas/wire";
import type { ZProject } from "@/lib/schemas/projects";
import type { ZMetricSummary, ZRunArtifacts, ZRunDetail, ZRunDiagnosis, ZRunDiagnosisList, ZRunList, ZRunSummary } from "@/lib/schemas/runs";
import type { ZMetricsAxis, ZRunMetrics } from "@/lib/schemas/metrics";
import type { AnalysisEventWire, RunAnalysisWire } from "@/lib/schemas/analysis";

export { fromWire, type WireNumber } from "@/lib/schemas/wire-number";
export type { WireSeries } from "@/lib/schemas/metrics";

export type Project = Wire<typeof ZProject>;
export type RunSummary = Wire<typeof ZRunSummary>;
export type RunStatus = RunSummary["status"];
export type RunList = Wire<typeof ZRunList>;
export type RunDetail = Wire<typeof ZRunDetail>;
export type MetricSummary = Wire<typeof ZMetricSummary>;
export type MetricInfo = RunDetail["metrics"][number];
export type RunArtifacts = Wire<typeof ZRunArtifacts>;
export type MetricsAxis = Wire<typeof ZMetricsAxis>;
export type MetricsResponse = Wire<typeof ZRunMetrics>;
export type RunAnalysisResponse = RunAnalysisWire;
export type AnalysisPlateau = RunAnalysisResponse["plateaus"][number];
export type AnalysisEvent = AnalysisEventWire;
export type AnalysisAdvice = RunAnalysisResponse["advice"][number];
export type PlateauReductionWire = RunAnalysisResponse["plateauReplay"]["reductions"][number];
export type RunDiagnosis = Wire<typeof ZRunDiagnosis>;
export type RunDiagnosisList = Wire<typeof ZRunDiagnosisList>;

/** A per-metric summary entry is an object with `last`; user summary keys are anything else. */
export function isMetricSummary(value: unknown): value is MetricSummary {
  return typeof value === "object" && value !== null && "last" in value && "lastStep" in value;
}
