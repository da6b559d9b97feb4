import { z } from "zod";
import { ZRunSummary } from "./runs";
import { ZJson, ZJsonObject, ZWireNumber } from "./wire";
import { ZCommaList } from "./common";
import { splitCommaList } from "@/lib/comma-list";

export const MAX_COMPARED_RUNS = 100;

export const ZCompareQuery = z.object({
  runs: ZCommaList({ min: 1, max: MAX_COMPARED_RUNS, of: "run ids" }),
  metric: z.string().min(1).max(200).optional(),
  mode: z.enum(["max", "min"]).optional(),
  groupBy: z
    .string()
    .optional()
    .transform((s) => splitCommaList(s)),
  /** One of `runs`: the verdict then also speaks of every run (and arm) vs this baseline. */
  baseline: z.string().min(1).max(40).optional(),
});
export type TCompareQuery = z.infer<typeof ZCompareQuery>;

// ---- Answers -------------------------------------------------------------------------------

const ZMode = z.enum(["max", "min"]);
const ZNum = ZWireNumber.nullable();

/** Per run, the main metric's figures (lib/compare/summary.ts). */
export const ZCompareRunSummary = z.strictObject({
  best: ZNum,
  bestStep: z.number().nullable(),
  bestEpoch: ZNum,
  /** The last logged value, non-finite included. */
  final: ZNum,
  stepsTo90: z.number().nullable(),
  stepsTo95: z.number().nullable(),
  /** Seconds from the run's start to the stepsTo90 / stepsTo95 point. */
  timeTo90: ZNum,
  timeTo95: ZNum,
  auc: ZNum,
  lrAtBest: ZNum,
  diverged: z.boolean(),
  divergedReason: z.enum(["non_finite_metric", "non_finite_loss", "loss_blow_up"]).nullable(),
});

/** One arm of a comparison. */
export const ZCompareGroup = z.strictObject({
  key: ZJsonObject,
  label: z.string(),
  runIds: z.array(z.string()),
  n: z.number(),
  best: z.strictObject({ mean: ZNum, std: ZNum, min: ZNum, max: ZNum }),
  stepsTo95: z.strictObject({ mean: ZNum, std: ZNum }),
  /** Other keys constant within this arm and different between arms. */
  definition: ZJsonObject,
});

export const ZGroupGrid = z.strictObject({
  rowKey: z.string(),
  colKey: z.string(),
  rows: z.array(ZJson),
  cols: z.array(ZJson),
  cells: z.array(z.array(z.strictObject({ runIds: z.array(z.string()), n: z.number(), best: z.strictObject({ mean: ZNum, std: ZNum }) }).nullable())),
});

export const ZVerdict = z.strictObject({
  metric: z.string(),
  mode: ZMode,
  arms: z.array(z.string()),
  better: z.string().nullable(),
  difference: ZNum,
  exceedsSeedNoise: z.boolean().nullable(),
  fasterToConverge: z.string().nullable(),
  moreStable: z.string().nullable(),
  confounders: z.array(z.string()),
  text: z.string(),
});

/** With a pinned baseline: every run (and arm) vs it (lib/analysis/baseline-verdict.ts). */
export const ZBaselineVerdict = z.strictObject({
  baselineId: z.string(),
  baselineName: z.string(),
  metric: z.string(),
  mode: ZMode,
  baselineBest: ZNum,
  runs: z.array(z.strictObject({ id: z.string(), name: z.string(), best: ZNum, gain: ZNum, better: z.boolean().nullable() })),
  arms: z.array(
    z.strictObject({ label: z.string(), n: z.number(), mean: ZWireNumber, gain: ZWireNumber, better: z.boolean(), beyondSeedNoise: z.boolean().nullable() }),
  ),
  text: z.string(),
});

/** GET /api/v1/compare */
export const ZCompareResponse = z.strictObject({
  metric: z.string(),
  mode: ZMode,
  runs: z.array(ZRunSummary),
  /** Config key → run id → value, for keys that differ between the runs (configAll: every key). */
  configDiff: z.record(z.string(), ZJsonObject),
  configAll: z.record(z.string(), ZJsonObject),
  summary: z.record(z.string(), ZCompareRunSummary),
  groups: z.array(ZCompareGroup),
  grid: ZGroupGrid.optional(),
  verdict: ZVerdict.optional(),
  vsBaseline: ZBaselineVerdict.optional(),
});
