import { z } from "zod";

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
