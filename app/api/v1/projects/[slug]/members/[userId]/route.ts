import { apiRoute } from "@/lib/server/api/route";
import { changeRole, removeMember } from "@/lib/server/members/members";

export const PATCH = apiRoute("PATCH /api/v1/projects/[slug]/members/[userId]", async ({ db, params, body, auth }) =>
  changeRole(db, { projectSlug: params.slug, userId: params.userId, role: body.role, auth }),
);

export const DELETE = apiRoute("DELETE /api/v1/projects/[slug]/members/[userId]", async ({ db, params, auth }) => {
  await removeMember(db, { projectSlug: params.slug, userId: params.userId, auth });
  return null;
});
