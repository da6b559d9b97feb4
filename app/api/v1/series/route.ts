import { z } from "zod";
import { apiRoute } from "@/lib/server/api/route";
import { ZReadMetrics } from "@/lib/schemas/metrics";
import { MAX_COMPARED_RUNS } from "@/lib/schemas/compare";
import { getManyMetrics } from "@/lib/server/metrics/get-metrics";
import { seriesBinaryResponse } from "@/lib/server/metrics/series-binary-response";

const ZQuery = ZReadMetrics.extend({
  runs: z
    .string()
    .transform((s) => s.split(",").map((v) => v.trim()).filter(Boolean))
    .refine((ids) => ids.length >= 1 && ids.length <= MAX_COMPARED_RUNS, { message: `1 to ${MAX_COMPARED_RUNS} comma-separated run ids` }),
  /** `binary`: the same answer as float64 arrays behind a JSON header (lib/metrics/series-binary.ts). */
  format: z.enum(["json", "binary"]).default("json"),
});

/** GET /api/v1/series?runs=a,b&keys=…&x=…&maxPoints=…&from=&to=&format=: the metric read for many runs at once. */
export const GET = apiRoute({ query: ZQuery }, async ({ db, query }) => {
  const { runs, format, ...read } = query;
  const answer = await getManyMetrics(db, { runIds: runs, ...read });
  return format === "binary" ? seriesBinaryResponse(answer) : answer;
});
