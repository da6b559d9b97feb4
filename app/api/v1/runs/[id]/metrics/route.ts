import { apiRoute } from "@/lib/server/api/route";
import { streamResponse } from "@/lib/server/api/stream-response";
import { ingestMetrics } from "@/lib/server/metrics/ingest-metrics";
import { readRunMetrics } from "@/lib/server/metrics/get-metrics";
import { readAppendedMetrics } from "@/lib/server/metrics/read-appended";
import { runMetricsJson } from "@/lib/server/metrics/series-json";

export const POST = apiRoute("POST /api/v1/runs/[id]/metrics", async ({ db, params, body, auth }) =>
  ingestMetrics(db, { runId: params.id, batch: body, auth }),
);

// A live chart's read of its new points is one statement (read-appended.ts); any other read the general way.
export const GET = apiRoute("GET /api/v1/runs/[id]/metrics", async ({ db, params, query }) => {
  const read = (await readAppendedMetrics(db, params.id, query)) ?? (await readRunMetrics(db, params.id, query));
  return streamResponse(runMetricsJson(params.id, read), "application/json");
});
