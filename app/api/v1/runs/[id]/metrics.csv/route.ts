import { apiRoute } from "@/lib/server/api/route";
import { exportRunCsv } from "@/lib/server/metrics/export-csv";

export const GET = apiRoute({ access: { need: "read", project: { param: "id", is: "run" } } }, async ({ db, params }) => {
  const { filename, stream } = await exportRunCsv(db, { runId: params.id });
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
  });
});
