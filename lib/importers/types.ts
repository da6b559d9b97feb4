/** A value at one step: a number (NaN and ±Infinity included) or null when not logged there. */
export type Cell = number | null;

/** One batch of points in the API's columns form; all arrays have the same length. */
export interface PointBatch {
  step: number[];
  epoch?: Cell[];
  /** Unix seconds. */
  time?: Cell[];
  values: Record<string, Cell[]>;
  /**
   * Per key, values of this batch that landed on a (key, step) already holding a different value
   * from another line of the file: only the last is kept. Reported, never silently dropped.
   */
  collapsed?: Record<string, number>;
  /** Lines whose step went back below a step of an earlier batch (a resumed or concatenated log). */
  regressions?: number;
}

export type XAxis = "step" | "epoch";

export interface RunKeys {
  lr?: string;
  mainMetric?: string;
  x: XAxis;
}

/** What a format parser knows about a run once it has read all of it. */
export interface ParsedMeta {
  name?: string;
  config: Record<string, unknown>;
  tags?: string[];
  keys: Partial<RunKeys> & { x: XAxis };
  /** Non-fatal oddities (a truncated last line dropped, rows without a step skipped, …). */
  warnings: string[];
  /** Choices the parser made that the user should see (which reading of an ambiguous file, and why). */
  notes?: string[];
}

/** A parsed run: metadata complete only after every batch was read. */
export interface ParsedRun {
  format: FormatId;
  confidence: number;
  name?: string;
  config: Record<string, unknown>;
  tags?: string[];
  keys: RunKeys;
  /** SHA-256 over the run's files (sorted by path), hex. */
  contentHash: string;
  files: string[];
  warnings: string[];
  notes: string[];
  /** Per key, values that collapsed onto a (key, step) another line already held (the last one kept). */
  collapsed: Record<string, number>;
}

export interface SourceFile {
  path: string;
  open: () => AsyncIterable<Uint8Array>;
}

/** The first bytes of a file, for detection. */
export interface FileSample {
  path: string;
  head: Uint8Array;
  /** `head` decoded as UTF-8 (BOM stripped). */
  text: string;
  /** True when `head` is the whole file. */
  complete: boolean;
}

/** confidence 0 means "not this format", and `reason` says why. */
export interface Detection {
  confidence: number;
  reason?: string;
}

export type FormatId =
  | "hf-trainer-state"
  | "mmcv-log-json"
  | "mmengine-scalars"
  | "ultralytics"
  | "lightning-csv"
  | "keras-csv"
  | "detectron2"
  | "tensorboard"
  | "mlflow"
  | "torch-lr-finder"
  | "json-history"
  | "wandb-csv"
  | "generic-csv"
  | "generic-jsonl";

export interface ImportFormat {
  id: FormatId;
  title: string;
  /** Human-readable detection rule, for `GET /api/v1/import/formats`. */
  detection: string;
  /** A short example of the main file's content. */
  example: string;
  /** `files` is one run's group, its main file first. */
  detect(files: FileSample[]): Detection;
  parse(files: SourceFile[]): AsyncGenerator<PointBatch, ParsedMeta>;
}
