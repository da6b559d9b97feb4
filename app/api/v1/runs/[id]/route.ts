import { apiRoute } from "@/lib/server/api/route";
import { getRun } from "@/lib/server/runs/get-run";
import { updateRun } from "@/lib/server/runs/update-run";
import { deleteRun } from "@/lib/server/runs/delete-run";

export const GET = apiRoute("GET /api/v1/runs/[id]", async ({ db, params }) => getRun(db, { id: params.id }));

export const PATCH = apiRoute("PATCH /api/v1/runs/[id]", async ({ db, params, body, auth }) => updateRun(db, { id: params.id, patch: body, auth }));

export const DELETE = apiRoute("DELETE /api/v1/runs/[id]", async ({ db, params, auth }) => {
  await deleteRun(db, { id: params.id, auth });
  return null;
});
