import { apiRoute } from "@/lib/server/api/route";
import { updateUser } from "@/lib/server/users/users";

/** PATCH /api/v1/admin/users/{id} {disabled?, admin?, password?} */
export const PATCH = apiRoute("PATCH /api/v1/admin/users/[id]", async ({ db, params, body, auth }) =>
  updateUser(db, { id: params.id, ...body, actor: auth.auditActor }),
);
