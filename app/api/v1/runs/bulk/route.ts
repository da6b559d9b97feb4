import { apiRoute } from "@/lib/server/api/route";
import { bulkUpdateRuns } from "@/lib/server/runs/bulk-update-runs";

export const POST = apiRoute("POST /api/v1/runs/bulk", async ({ db, body, auth }) => bulkUpdateRuns(db, { input: body, auth }));
