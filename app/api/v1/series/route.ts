import { z } from "zod";
import { apiRoute } from "@/lib/server/api/route";
import { streamResponse } from "@/lib/server/api/stream-response";
import { ZReadMetrics } from "@/lib/schemas/metrics";
import { MAX_COMPARED_RUNS } from "@/lib/schemas/compare";
import { encodeSeriesFrames, SERIES_BINARY_TYPE } from "@/lib/metrics/series-binary";
import { readManyMetrics } from "@/lib/server/metrics/get-metrics";
import { manyMetricsJson } from "@/lib/server/metrics/series-json";

const ZQuery = ZReadMetrics.extend({
  runs: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.length >= 1 && ids.length <= MAX_COMPARED_RUNS, { message: `1 to ${MAX_COMPARED_RUNS} comma-separated run ids` }),
  /** `binary`: what the chart's pixels need, as float arrays behind JSON frame headers (lib/metrics/series-binary.ts). */
  format: z.enum(["json", "binary"]).default("json"),
});

/** GET /api/v1/series?runs=a,b&keys=…&x=…&maxPoints=…&from=&to=&format=: the metric read for many runs at once. */
export const GET = apiRoute({ access: { need: "read", project: { query: "runs", is: "runs" } }, query: ZQuery }, async ({ db, query }) => {
  const { runs, format, ...opts } = query;
  const read = await readManyMetrics(db, runs, opts);
  if (format === "json") return streamResponse(manyMetricsJson(read), "application/json");
  return streamResponse(encodeSeriesFrames(read.x, read.runs, read.series()), SERIES_BINARY_TYPE);
});
