import { apiRoute } from "@/lib/server/api/route";
import { ZUpdateAlert } from "@/lib/schemas/alerts";
import { deleteAlert, updateAlert } from "@/lib/server/alerts/manage-alerts";

const ALERT = { need: "write", project: { param: "id", is: "alert" } } as const;

export const PATCH = apiRoute({ access: ALERT, body: ZUpdateAlert }, async ({ db, params, body, auth }) => updateAlert(db, { id: params.id, patch: body, auth }));

export const DELETE = apiRoute({ access: ALERT }, async ({ db, params, auth }) => {
  await deleteAlert(db, { id: params.id, auth });
  return null;
});
