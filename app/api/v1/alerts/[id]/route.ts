import { apiRoute } from "@/lib/server/api/route";
import { deleteAlert, updateAlert } from "@/lib/server/alerts/manage-alerts";

export const PATCH = apiRoute("PATCH /api/v1/alerts/[id]", async ({ db, params, body, auth }) => updateAlert(db, { id: params.id, patch: body, auth }));

export const DELETE = apiRoute("DELETE /api/v1/alerts/[id]", async ({ db, params, auth }) => {
  await deleteAlert(db, { id: params.id, auth });
  return null;
});
