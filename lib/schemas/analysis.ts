import { z } from "zod";
import { ZWireNumber, type Wire } from "./wire";

/** GET /runs/{id}/analysis: the main metric and ReduceLROnPlateau replay parameters (PyTorch names and defaults). */
export const ZAnalysisQuery = z.object({
  metric: z.string().min(1).max(200).optional(),
  mode: z.enum(["max", "min"]).optional(),
  factor: z.coerce.number().gt(0).lt(1).optional(),
  patience: z.coerce.number().int().min(0).optional(),
  threshold: z.coerce.number().min(0).optional(),
  thresholdMode: z.enum(["rel", "abs"]).optional(),
  cooldown: z.coerce.number().int().min(0).optional(),
  minLr: z.coerce.number().min(0).optional(),
  eps: z.coerce.number().min(0).optional(),
  rangeTest: z.enum(["auto", "true", "false"]).default("auto"),
});
export type TAnalysisQuery = z.infer<typeof ZAnalysisQuery>;

// ---- Answer: GET /runs/{id}/analysis ---------------------------------------------------------
// The one definition of the analysis result: lib/analysis/types.ts takes its types from these
// schemas (z.output: numbers are numbers, NaN included); the wire side writes NaN/±Infinity as strings.

export const ZMode = z.enum(["min", "max"]);
export const ZSeverity = z.enum(["info", "warning", "error"]);
export const ZScheduleType = z.enum([
  "constant",
  "step",
  "multistep",
  "exponential",
  "poly",
  "cosine",
  "cosine_restarts",
  "linear",
  "inverse_sqrt",
  "onecycle",
  "plateau",
  "unknown",
]);
const ZEvidence = z.record(z.string(), z.union([ZWireNumber, z.string(), z.null()]));

export const ZPlateau = z.strictObject({
  start: z.number(),
  end: z.number(),
  metric: z.string(),
  lrReducedAt: z.number().optional(),
  startEpoch: ZWireNumber.optional(),
  endEpoch: ZWireNumber.optional(),
  /** Best (smoothed) value reached before the plateau began. */
  bestBefore: ZWireNumber,
  /** Improvement of the raw best inside the plateau over `bestBefore` (signed, + is better). */
  gainInside: ZWireNumber,
  /** Steps spent on the plateau before the LR was reduced (or until its end when never reduced). */
  stepsStalled: z.number(),
  /** The plateau lasts until the last evaluation. */
  ongoing: z.boolean(),
});

export const ZPlateauReduction = z.strictObject({
  /** Index of the evaluation after which the LR was cut. */
  evaluation: z.number(),
  epoch: ZWireNumber.nullable(),
  step: z.number(),
  fromLr: ZWireNumber,
  toLr: ZWireNumber,
});

export const ZPlateauReplayParams = z.strictObject({
  mode: ZMode,
  factor: ZWireNumber,
  patience: z.number(),
  threshold: ZWireNumber,
  thresholdMode: z.enum(["rel", "abs"]),
  cooldown: z.number(),
  minLr: ZWireNumber,
  eps: ZWireNumber,
});

export const ZPlateauReplay = z.strictObject({ reductions: z.array(ZPlateauReduction), params: ZPlateauReplayParams });

export const ZEventType = z.enum(["nan", "spike", "divergence", "oscillation", "stagnation", "overfitting", "lr_drop"]);

export const ZAnalysisEvent = z.strictObject({
  type: ZEventType,
  step: z.number(),
  severity: ZSeverity,
  detail: ZEvidence,
});

export const ZAdvice = z.strictObject({ rule: z.string(), severity: ZSeverity, message: z.string(), evidence: ZEvidence, suggestion: z.string() });

export const ZWarmup = z.strictObject({
  type: z.enum(["linear", "constant"]),
  steps: z.number(),
  startFactor: ZWireNumber,
  stepsEpochs: ZWireNumber.optional(),
  /** The log ends while the LR still rises: `steps` is what was logged, `startFactor` relative to the last LR. */
  ongoing: z.literal(true).optional(),
});

export const ZScheduleSegment = z.strictObject({ type: z.union([ZScheduleType, z.literal("warmup")]), start: z.number(), end: z.number() });

export const ZScheduleParams = z.record(z.string(), z.union([ZWireNumber, z.array(ZWireNumber)]));

export const ZParamGroupSchedule = z.strictObject({
  key: z.string(),
  baseLr: ZWireNumber,
  /** This group's LR over the main group's, when constant (same schedule scaled); else null. */
  ratio: ZWireNumber.nullable(),
});

export const ZScheduleFit = z.strictObject({
  type: ZScheduleType,
  params: ZScheduleParams,
  /** RMS residual of the fit relative to the peak LR (0 = exact). */
  fitError: ZWireNumber,
  warmup: ZWarmup.nullable(),
  segments: z.array(ZScheduleSegment),
  /** How often the scheduler stepped: every iteration, every epoch, or not determinable. */
  stepping: z.enum(["iteration", "epoch", "unknown"]),
  label: z.string(),
  lrKey: z.string().nullable(),
  groups: z.array(ZParamGroupSchedule).optional(),
  /** Set when the configured `schedule` disagrees with what the LR did. */
  mismatch: z.strictObject({ configured: z.string(), observed: ZScheduleType }).optional(),
  /** Other readings the logged data fits as well (multistep vs plateau-driven), already named in `label`. */
  alternatives: z.array(z.strictObject({ type: ZScheduleType, label: z.string() })).optional(),
  /** Why this reading (the metric before each LR drop, the factors, the milestones), in words. */
  evidence: z.array(z.string()).optional(),
});

export const ZLrFinderResult = z.strictObject({
  suggestedLr: ZWireNumber,
  range: z.tuple([ZWireNumber, ZWireNumber]),
  method: z.enum(["steepest", "min_loss_div10"]),
  steepestLr: ZWireNumber,
  minLossLr: ZWireNumber,
  minLoss: ZWireNumber,
  /** torch-lr-finder's own suggestion on the same points (its plot() defaults), for comparison; null when too few points. */
  torchLrFinderLr: ZWireNumber.nullable(),
  /** Smoothed curve up to the divergence cut, for the log-x plot. */
  curve: z.strictObject({ lr: z.array(ZWireNumber), loss: z.array(ZWireNumber) }),
});

/** What analyzeRun finds in a run (lib/analysis/analyze-run.ts). */
export const ZRunAnalysis = z.strictObject({
  schedule: ZScheduleFit,
  plateaus: z.array(ZPlateau),
  plateauReplay: ZPlateauReplay,
  events: z.array(ZAnalysisEvent),
  advice: z.array(ZAdvice),
  lrFinder: ZLrFinderResult.optional(),
});

/** The answer: the analysis of one run, for the metric and mode it was made for. */
export const ZRunAnalysisResponse = z.strictObject({
  runId: z.string(),
  metric: z.string(),
  mode: ZMode,
  ...ZRunAnalysis.shape,
});

/** The analysis as a client reads it (numbers computed from metrics may be "NaN" / "±Infinity"). */
export type RunAnalysisWire = Wire<typeof ZRunAnalysisResponse>;
export type AnalysisEventWire = RunAnalysisWire["events"][number];
