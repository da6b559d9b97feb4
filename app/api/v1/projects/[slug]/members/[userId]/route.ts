import { apiRoute } from "@/lib/server/api/route";
import { ZChangeMember } from "@/lib/schemas/auth";
import { changeRole, removeMember } from "@/lib/server/members/members";

const PROJECT = { param: "slug", is: "slug" } as const;

export const PATCH = apiRoute({ access: { need: "manage", project: PROJECT }, body: ZChangeMember }, async ({ db, params, body, auth }) =>
  changeRole(db, { projectSlug: params.slug, userId: params.userId, role: body.role, auth }),
);

export const DELETE = apiRoute({ access: { need: "manage", project: PROJECT } }, async ({ db, params, auth }) => {
  await removeMember(db, { projectSlug: params.slug, userId: params.userId, auth });
  return null;
});
