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

// ---- Answer: GET /runs/{id}/analysis (lib/analysis/types.ts) ---------------------------------

const ZMode = z.enum(["min", "max"]);
const ZSeverity = z.enum(["info", "warning", "error"]);
const ZScheduleType = z.enum([
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
  stepsStalled: z.number(),
  ongoing: z.boolean(),
});

export const ZPlateauReduction = z.strictObject({
  evaluation: z.number(),
  epoch: ZWireNumber.nullable(),
  step: z.number(),
  fromLr: ZWireNumber,
  toLr: ZWireNumber,
});

export const ZAnalysisEvent = z.strictObject({
  type: z.enum(["nan", "spike", "divergence", "oscillation", "stagnation", "overfitting", "lr_drop"]),
  step: z.number(),
  severity: ZSeverity,
  detail: ZEvidence,
});

export const ZAdvice = z.strictObject({ rule: z.string(), severity: ZSeverity, message: z.string(), evidence: ZEvidence, suggestion: z.string() });

export const ZScheduleFit = z.strictObject({
  type: ZScheduleType,
  params: z.record(z.string(), z.union([ZWireNumber, z.array(ZWireNumber)])),
  /** RMS residual of the fit relative to the peak LR (0 = exact). */
  fitError: ZWireNumber,
  warmup: z
    .strictObject({
      type: z.enum(["linear", "constant"]),
      steps: z.number(),
      startFactor: ZWireNumber,
      stepsEpochs: ZWireNumber.optional(),
      ongoing: z.literal(true).optional(),
    })
    .nullable(),
  segments: z.array(z.strictObject({ type: z.union([ZScheduleType, z.literal("warmup")]), start: z.number(), end: z.number() })),
  stepping: z.enum(["iteration", "epoch", "unknown"]),
  label: z.string(),
  lrKey: z.string().nullable(),
  groups: z.array(z.strictObject({ key: z.string(), baseLr: ZWireNumber, ratio: ZWireNumber.nullable() })).optional(),
  mismatch: z.strictObject({ configured: z.string(), observed: ZScheduleType }).optional(),
  alternatives: z.array(z.strictObject({ type: ZScheduleType, label: z.string() })).optional(),
  evidence: z.array(z.string()).optional(),
});

export const ZRunAnalysisResponse = z.strictObject({
  runId: z.string(),
  metric: z.string(),
  mode: ZMode,
  schedule: ZScheduleFit,
  plateaus: z.array(ZPlateau),
  plateauReplay: z.strictObject({
    reductions: z.array(ZPlateauReduction),
    params: z.strictObject({
      mode: ZMode,
      factor: ZWireNumber,
      patience: z.number(),
      threshold: ZWireNumber,
      thresholdMode: z.enum(["rel", "abs"]),
      cooldown: z.number(),
      minLr: ZWireNumber,
      eps: ZWireNumber,
    }),
  }),
  events: z.array(ZAnalysisEvent),
  advice: z.array(ZAdvice),
  lrFinder: z
    .strictObject({
      suggestedLr: ZWireNumber,
      range: z.tuple([ZWireNumber, ZWireNumber]),
      method: z.enum(["steepest", "min_loss_div10"]),
      steepestLr: ZWireNumber,
      minLossLr: ZWireNumber,
      minLoss: ZWireNumber,
      torchLrFinderLr: ZWireNumber.nullable(),
      curve: z.strictObject({ lr: z.array(ZWireNumber), loss: z.array(ZWireNumber) }),
    })
    .optional(),
});

/** The analysis as a client reads it (numbers computed from metrics may be "NaN" / "±Infinity"). */
export type RunAnalysisWire = Wire<typeof ZRunAnalysisResponse>;
export type AnalysisEventWire = RunAnalysisWire["events"][number];
