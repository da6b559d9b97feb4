import { z } from "zod";
import { apiRoute } from "@/lib/server/api/route";
import { ZReadMetrics } from "@/lib/schemas/metrics";
import { MAX_COMPARED_RUNS } from "@/lib/schemas/compare";
import { getManyMetrics } from "@/lib/server/metrics/get-metrics";

const ZQuery = ZReadMetrics.extend({
  runs: z
    .string()
    .transform((s) => s.split(",").map((v) => v.trim()).filter(Boolean))
    .refine((ids) => ids.length >= 1 && ids.length <= MAX_COMPARED_RUNS, { message: `1 to ${MAX_COMPARED_RUNS} comma-separated run ids` }),
});

/** GET /api/v1/series?runs=a,b&keys=…&x=…&maxPoints=…&from=&to=: the metric read for many runs at once. */
export const GET = apiRoute({ query: ZQuery }, async ({ db, query }) => {
  const { runs, ...read } = query;
  return getManyMetrics(db, { runIds: runs, ...read });
});
