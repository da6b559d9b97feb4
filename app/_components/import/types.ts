/** Shapes of POST /api/v1/import answers (see lib/server/import/import-runs.ts). */
export interface MetricPreview {
  count: number;
  minStep: number;
  maxStep: number;
  first: number | string;
  last: number | string;
  /** Values that fell on a step this key already held from another line (only the last kept). */
  collapsed?: number;
}

export interface RunRef {
  id: string;
  name: string;
  url: string;
}

export interface PreviewRun {
  index: number;
  name: string;
  tags: string[];
  config: Record<string, unknown>;
  format: string;
  confidence: number;
  files: string[];
  points: number;
  metrics: Record<string, MetricPreview>;
  keys: { lr?: string; mainMetric?: string; x: "step" | "epoch" };
  warnings: string[];
  /** How the file was read where it could be read more than one way, and why. */
  notes: string[];
  duplicateOf: RunRef | null;
}

export interface ImportedRun extends RunRef {
  format: string;
  points: number;
  metrics: string[];
  duplicateOf: RunRef | null;
}
