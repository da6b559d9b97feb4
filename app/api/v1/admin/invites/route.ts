import { apiRoute } from "@/lib/server/api/route";
import { ZCreateInvite } from "@/lib/schemas/auth";
import { createInvite, listInvites } from "@/lib/server/invites/invites";

export const GET = apiRoute({ access: "admin" }, async ({ db }) => ({ invites: await listInvites(db) }));

/** POST /api/v1/admin/invites {email?, admin?, project?, role?} → the link, shown once. */
export const POST = apiRoute({ access: "admin", body: ZCreateInvite, status: 201 }, async ({ db, body, auth }) => {
  const { invite, url } = await createInvite(db, { email: body.email, admin: body.admin, projectSlug: body.project, role: body.role, auth });
  return { ...invite, url };
});
