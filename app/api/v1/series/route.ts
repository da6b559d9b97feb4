import { apiRoute } from "@/lib/server/api/route";
import { streamResponse } from "@/lib/server/api/stream-response";
import { encodeSeriesFrames, SERIES_BINARY_TYPE } from "@/lib/metrics/series-binary";
import { readManyMetrics } from "@/lib/server/metrics/get-metrics";
import { manyMetricsJson } from "@/lib/server/metrics/series-json";

/** GET /api/v1/series?runs=a,b&keys=…&x=…&maxPoints=…&from=&to=&format=: the metric read for many runs at once. */
export const GET = apiRoute("GET /api/v1/series", async ({ db, query }) => {
  const { runs, format, ...opts } = query;
  const read = await readManyMetrics(db, runs, opts);
  if (format === "json") return streamResponse(manyMetricsJson(read), "application/json");
  return streamResponse(encodeSeriesFrames(read.x, read.runs, read.series()), SERIES_BINARY_TYPE);
});
