import { apiRoute } from "@/lib/server/api/route";
import { exportRunCsv } from "@/lib/server/metrics/export-csv";

export const GET = apiRoute("GET /api/v1/runs/[id]/metrics.csv", async ({ db, params }) => {
  const { filename, stream } = await exportRunCsv(db, { runId: params.id });
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
  });
});
