import { apiRoute } from "@/lib/server/api/route";
import { diagnoseRuns } from "@/lib/server/analysis/diagnose-runs";

/** Per-run schedule label and live plateau badge for the runs table (GET /api/v1/runs/diagnosis?ids=…). */
export const GET = apiRoute("GET /api/v1/runs/diagnosis", async ({ db, query }) => ({ runs: await diagnoseRuns(db, { ids: query.ids }) }));
