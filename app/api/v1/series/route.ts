import { z } from "zod";
import { apiRoute } from "@/lib/server/api/route";
import { ZReadMetrics } from "@/lib/schemas/metrics";
import { MAX_COMPARED_RUNS } from "@/lib/schemas/compare";
import { encodeSeriesBatch, SERIES_BINARY_TYPE } from "@/lib/metrics/series-binary";
import { getManyMetrics, readManySeries } from "@/lib/server/metrics/get-metrics";

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
  /** `binary`: the same answer as float64 arrays behind a JSON header (lib/metrics/series-binary.ts). */
  format: z.enum(["json", "binary"]).default("json"),
});

/** GET /api/v1/series?runs=a,b&keys=…&x=…&maxPoints=…&from=&to=&format=: the metric read for many runs at once. */
export const GET = apiRoute({ query: ZQuery }, async ({ db, query }) => {
  const { runs, format, ...read } = query;
  if (format === "json") return getManyMetrics(db, { runIds: runs, ...read });
  return new Response(encodeSeriesBatch(await readManySeries(db, { runIds: runs, ...read })), { headers: { "content-type": SERIES_BINARY_TYPE } });
});
