import { apiRoute, withStatus } from "@/lib/server/api/route";
import { createRun } from "@/lib/server/runs/create-run";
import { listRuns } from "@/lib/server/runs/list-runs";

export const GET = apiRoute("GET /api/v1/runs", async ({ db, query }) => listRuns(db, query));

export const POST = apiRoute("POST /api/v1/runs", async ({ db, body, auth }) => {
  const { run, created } = await createRun(db, { input: body, auth });
  return withStatus(created ? 201 : 200, run);
});
