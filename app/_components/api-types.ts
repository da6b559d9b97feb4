/** The shapes the UI reads from /api/v1 (see shared/specs/api-v1.md and lib/server/*-view.ts). */

export type RunStatus = "running" | "finished" | "failed" | "killed" | "crashed";
export type WireNumber = number | "NaN" | "Infinity" | "-Infinity";

export type { ProjectView as Project } from "@/lib/server/projects/project-view";

export interface RunSummary {
  id: string;
  name: string;
  project: string;
  url: string;
  status: RunStatus;
  config: Record<string, unknown>;
  tags: string[];
  group: string | null;
  notes: string | null;
  review: import("@/lib/review/review-status").ReviewStatus | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
  optimizer: unknown;
  lr: unknown;
  schedule: unknown;
  batchSize: unknown;
  best: { metric: string; mode: string; value: WireNumber | null; step: number | null };
  lastStep: number | null;
  startedAt: string;
  endedAt: string | null;
  lastHeartbeatAt: string | null;
  durationSeconds: number;
}

export interface RunList {
  runs: RunSummary[];
  nextCursor: string | null;
  total: number;
}

export interface MetricSummary {
  last: WireNumber;
  lastStep: number;
  best: WireNumber | null;
  bestStep: number | null;
  mode: "max" | "min";
}

export interface MetricInfo {
  key: string;
  count: number;
  stepMin: number;
  stepMax: number;
  nonFinite: number;
}

/** GET /api/v1/runs/{id}/artifacts: files logged through the MLflow API's artifact proxy. */
export interface RunArtifacts {
  files: { path: string; size: number; image: boolean; url: string }[];
  truncated: boolean;
}

export interface RunDetail extends RunSummary {
  summary: Record<string, unknown>;
  metrics: MetricInfo[];
  hasEpoch: boolean;
  hasTime: boolean;
}

export type MetricsAxis = "step" | "epoch" | "time" | "relative";

export interface WireSeries {
  x: number[];
  y: WireNumber[];
  min: (WireNumber | null)[];
  max: (WireNumber | null)[];
  count: number;
  downsampled: boolean;
}

export interface MetricsResponse {
  runId: string;
  x: MetricsAxis;
  series: Record<string, WireSeries>;
}

/** A per-metric summary entry is an object with `last`; user summary keys are anything else. */
export function isMetricSummary(value: unknown): value is MetricSummary {
  return typeof value === "object" && value !== null && "last" in value && "lastStep" in value;
}

/** "NaN" / "±Infinity" wire strings → numbers (null stays null: a gap). */
export function fromWire(v: WireNumber | null): number {
  if (v === null) return NaN;
  if (typeof v === "number") return v;
  return v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : NaN;
}

/** A server shape as it arrives on the wire: every number may be "NaN" / "±Infinity". */
export type Wired<T> = T extends number ? WireNumber : T extends readonly (infer U)[] ? Wired<U>[] : T extends object ? { [K in keyof T]: Wired<T[K]> } : T;

/** GET /runs/{id}/analysis (lib/analysis/types.ts, serialised). */
export type RunAnalysisResponse = Wired<import("@/lib/analysis/types").RunAnalysis> & { runId: string; metric: string; mode: "max" | "min" };
export type AnalysisPlateau = RunAnalysisResponse["plateaus"][number];
export type AnalysisEvent = RunAnalysisResponse["events"][number];
export type AnalysisAdvice = RunAnalysisResponse["advice"][number];
export type PlateauReductionWire = RunAnalysisResponse["plateauReplay"]["reductions"][number];

/** GET /runs/diagnosis?ids= — one entry per run for the runs table. */
export interface RunDiagnosis {
  id: string;
  schedule: { type: string; label: string; mismatch: { configured: string; observed: string } | null } | null;
  plateau: { sinceStep: number; sinceEpoch: number | null; evaluations: number } | null;
}
export interface RunDiagnosisList {
  runs: RunDiagnosis[];
}
