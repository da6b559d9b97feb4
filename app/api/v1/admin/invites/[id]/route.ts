import { apiRoute } from "@/lib/server/api/route";
import { revokeInvite } from "@/lib/server/invites/invites";

export const DELETE = apiRoute("DELETE /api/v1/admin/invites/[id]", async ({ db, params, auth }) => {
  await revokeInvite(db, { id: Number(params.id), auth });
  return null;
});
