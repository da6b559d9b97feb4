import { apiRoute } from "@/lib/server/api/route";
import { ZBulkUpdateRuns } from "@/lib/schemas/runs";
import { bulkUpdateRuns } from "@/lib/server/runs/bulk-update-runs";

export const POST = apiRoute({ access: { need: "write", project: "in-body" }, body: ZBulkUpdateRuns }, async ({ db, body, auth }) => bulkUpdateRuns(db, { input: body, auth }));
