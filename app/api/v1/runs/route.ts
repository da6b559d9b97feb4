import { apiRoute } from "@/lib/server/api/route";
import { ZCreateRun, ZListRuns } from "@/lib/schemas/runs";
import { createRun } from "@/lib/server/runs/create-run";
import { listRuns } from "@/lib/server/runs/list-runs";

export const GET = apiRoute({ access: { need: "read", project: { query: "project", is: "slug" } }, query: ZListRuns }, async ({ db, query }) =>
  listRuns(db, query),
);

export const POST = apiRoute({ access: { need: "write", project: "in-body" }, body: ZCreateRun }, async ({ db, body, auth }) => {
  const { run, created } = await createRun(db, { input: body, auth });
  return Response.json(run, { status: created ? 201 : 200 });
});
