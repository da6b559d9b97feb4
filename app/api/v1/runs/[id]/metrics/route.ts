import { apiRoute } from "@/lib/server/api/route";
import { streamResponse } from "@/lib/server/api/stream-response";
import { parseMetricBatch, ZReadMetrics } from "@/lib/schemas/metrics";
import { ingestMetrics } from "@/lib/server/metrics/ingest-metrics";
import { readRunMetrics } from "@/lib/server/metrics/get-metrics";
import { runMetricsJson } from "@/lib/server/metrics/series-json";
import { MAX_BATCH_BYTES } from "@/lib/server/api/body";

const RUN = { param: "id", is: "run" } as const;

export const POST = apiRoute(
  { access: { need: "write", project: RUN }, body: parseMetricBatch, maxBodyBytes: MAX_BATCH_BYTES },
  async ({ db, params, body, auth }) => ingestMetrics(db, { runId: params.id, batch: body, auth }),
);

export const GET = apiRoute({ access: { need: "read", project: RUN }, query: ZReadMetrics }, async ({ db, params, query }) =>
  streamResponse(runMetricsJson(params.id, await readRunMetrics(db, params.id, query)), "application/json"),
);
