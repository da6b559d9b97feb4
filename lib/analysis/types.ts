/** Shapes shared by the analysis modules. Output shapes follow the "Analysis and comparison"
 *  section of the API contract; fields not named there are additions in the same style. */

/** One logged series: `steps` ascending integers, `values` float64 (NaN/±Infinity allowed). */
export interface Series {
  steps: number[];
  values: number[];
}

/** A run's configuration as logged; every key is optional and may carry any JSON value. */
export type RunConfig = Record<string, unknown>;

export interface RunInput {
  series: Record<string, Series>;
  /** step → epoch (integer or fractional epochs). */
  epochs?: Series;
  config?: RunConfig;
}

export type Mode = "min" | "max";
export type Severity = "info" | "warning" | "error";

export interface PlateauReplayParams {
  mode: Mode;
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: "rel" | "abs";
  cooldown: number;
  minLr: number;
  eps: number;
}

export interface PlateauReduction {
  /** Index of the evaluation after which the LR was cut. */
  evaluation: number;
  epoch: number | null;
  step: number;
  fromLr: number;
  toLr: number;
}

export interface PlateauReplay {
  reductions: PlateauReduction[];
  params: PlateauReplayParams;
}

export interface Plateau {
  start: number;
  end: number;
  metric: string;
  lrReducedAt?: number;
  startEpoch?: number;
  endEpoch?: number;
  /** Best (smoothed) value reached before the plateau began. */
  bestBefore: number;
  /** Improvement of the raw best inside the plateau over `bestBefore` (signed, + is better). */
  gainInside: number;
  /** Steps spent on the plateau before the LR was reduced (or until its end when never reduced). */
  stepsStalled: number;
  /** The plateau lasts until the last evaluation. */
  ongoing: boolean;
}

export type ScheduleType =
  "constant" | "step" | "multistep" | "exponential" | "poly" | "cosine" | "cosine_restarts" | "linear" | "inverse_sqrt" | "onecycle" | "plateau" | "unknown";

export interface Warmup {
  type: "linear" | "constant";
  steps: number;
  startFactor: number;
  stepsEpochs?: number;
  /** The log ends while the LR still rises: `steps` is what was logged, `startFactor` relative to the last LR. */
  ongoing?: true;
}

export interface ScheduleSegment {
  type: ScheduleType | "warmup";
  start: number;
  end: number;
}

export type ScheduleParams = Record<string, number | number[]>;

export interface ParamGroupSchedule {
  key: string;
  baseLr: number;
  /** This group's LR over the main group's, when constant (same schedule scaled); else null. */
  ratio: number | null;
}

export interface ScheduleFit {
  type: ScheduleType;
  params: ScheduleParams;
  /** RMS residual of the fit relative to the peak LR (0 = exact). */
  fitError: number;
  warmup: Warmup | null;
  segments: ScheduleSegment[];
  /** How often the scheduler stepped: every iteration, every epoch, or not determinable. */
  stepping: "iteration" | "epoch" | "unknown";
  label: string;
  lrKey: string | null;
  groups?: ParamGroupSchedule[];
  /** Set when the configured `schedule` disagrees with what the LR did. */
  mismatch?: { configured: string; observed: ScheduleType };
  /** Other readings the logged data fits as well (multistep vs plateau-driven), already named in `label`. */
  alternatives?: { type: ScheduleType; label: string }[];
  /** Why this reading (the metric before each LR drop, the factors, the milestones), in words. */
  evidence?: string[];
}

export type EventType = "nan" | "spike" | "divergence" | "oscillation" | "stagnation" | "overfitting" | "lr_drop";

export interface AnalysisEvent {
  type: EventType;
  step: number;
  severity: Severity;
  detail: Record<string, number | string | null>;
}

export interface Advice {
  rule: string;
  severity: Severity;
  message: string;
  evidence: Record<string, number | string | null>;
  suggestion: string;
}

export interface LrFinderResult {
  suggestedLr: number;
  range: [number, number];
  method: "steepest" | "min_loss_div10";
  steepestLr: number;
  minLossLr: number;
  minLoss: number;
  /** torch-lr-finder's own suggestion on the same points (its plot() defaults), for comparison; null when too few points. */
  torchLrFinderLr: number | null;
  /** Smoothed curve up to the divergence cut, for the log-x plot. */
  curve: { lr: number[]; loss: number[] };
}

export interface RunAnalysis {
  schedule: ScheduleFit;
  plateaus: Plateau[];
  plateauReplay: PlateauReplay;
  events: AnalysisEvent[];
  advice: Advice[];
  lrFinder?: LrFinderResult;
}
