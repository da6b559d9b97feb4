import { apiRoute } from "@/lib/server/api/route";
import { ZUpdateRun } from "@/lib/schemas/runs";
import { getRun } from "@/lib/server/runs/get-run";
import { updateRun } from "@/lib/server/runs/update-run";
import { deleteRun } from "@/lib/server/runs/delete-run";

export const GET = apiRoute({}, async ({ db, params }) => getRun(db, { id: params.id }));

export const PATCH = apiRoute({ body: ZUpdateRun }, async ({ db, params, body, auth }) => updateRun(db, { id: params.id, patch: body, auth }));

export const DELETE = apiRoute({}, async ({ db, params, auth }) => {
  await deleteRun(db, { id: params.id, auth });
  return null;
});
