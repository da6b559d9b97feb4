import { z } from "zod";

export const MAX_COMPARED_RUNS = 100;

const list = (s: string | undefined) =>
  s
    ? s
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean)
    : [];

export const ZCompareQuery = z.object({
  runs: z
    .string()
    .transform(list)
    .refine((ids) => ids.length >= 1 && ids.length <= MAX_COMPARED_RUNS, { message: `1 to ${MAX_COMPARED_RUNS} comma-separated run ids` }),
  metric: z.string().min(1).max(200).optional(),
  mode: z.enum(["max", "min"]).optional(),
  groupBy: z.string().optional().transform(list),
  /** One of `runs`: the verdict then also speaks of every run (and arm) vs this baseline. */
  baseline: z.string().min(1).max(40).optional(),
});
export type TCompareQuery = z.infer<typeof ZCompareQuery>;
