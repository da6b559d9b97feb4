import { apiRoute } from "@/lib/server/api/route";
import { ZAnalysisQuery } from "@/lib/schemas/analysis";
import { analyzeStoredRun } from "@/lib/server/analysis/analyze-stored-run";
import { toWireDeep } from "@/lib/schemas/common";

export const GET = apiRoute({ access: { need: "read", project: { param: "id", is: "run" } }, query: ZAnalysisQuery }, async ({ db, params, query }) =>
  toWireDeep(await analyzeStoredRun(db, { runId: params.id, query })),
);
