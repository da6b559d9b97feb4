import { apiRoute } from "@/lib/server/api/route";
import { streamResponse } from "@/lib/server/api/stream-response";
import { ingestMetrics } from "@/lib/server/metrics/ingest-metrics";
import { readRunMetrics } from "@/lib/server/metrics/get-metrics";
import { runMetricsJson } from "@/lib/server/metrics/series-json";

export const POST = apiRoute("POST /api/v1/runs/[id]/metrics", async ({ db, params, body, auth }) =>
  ingestMetrics(db, { runId: params.id, batch: body, auth }),
);

export const GET = apiRoute("GET /api/v1/runs/[id]/metrics", async ({ db, params, query }) =>
  streamResponse(runMetricsJson(params.id, await readRunMetrics(db, params.id, query)), "application/json"),
);
