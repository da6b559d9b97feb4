import { apiRoute } from "@/lib/server/api/route";
import { analyzeStoredRun } from "@/lib/server/analysis/analyze-stored-run";

export const GET = apiRoute("GET /api/v1/runs/[id]/analysis", async ({ db, params, query }) => await analyzeStoredRun(db, { runId: params.id, query }));
