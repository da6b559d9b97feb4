import { apiRoute } from "@/lib/server/api/route";
import { parseMetricBatch, ZReadMetrics } from "@/lib/schemas/metrics";
import { ingestMetrics } from "@/lib/server/metrics/ingest-metrics";
import { getMetrics } from "@/lib/server/metrics/get-metrics";

export const POST = apiRoute({ body: parseMetricBatch }, async ({ db, params, body, auth }) => ingestMetrics(db, { runId: params.id, batch: body, auth }));

export const GET = apiRoute({ query: ZReadMetrics }, async ({ db, params, query }) => getMetrics(db, { runId: params.id, ...query }));
