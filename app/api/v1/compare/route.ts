import { apiRoute } from "@/lib/server/api/route";
import { compareRuns } from "@/lib/server/compare/compare-runs";

export const GET = apiRoute("GET /api/v1/compare", async ({ db, query }) => await compareRuns(db, query));
