import { apiRoute } from "@/lib/server/api/route";
import { ZUpdateUser } from "@/lib/schemas/auth";
import { updateUser } from "@/lib/server/users/users";

/** PATCH /api/v1/admin/users/{id} {disabled?, admin?, password?} */
export const PATCH = apiRoute({ access: "admin", body: ZUpdateUser }, async ({ db, params, body, auth }) =>
  updateUser(db, { id: params.id, ...body, actor: auth.auditActor }),
);
