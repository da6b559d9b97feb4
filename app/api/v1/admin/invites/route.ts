import { apiRoute } from "@/lib/server/api/route";
import { createInvite, listInvites } from "@/lib/server/invites/invites";

export const GET = apiRoute("GET /api/v1/admin/invites", async ({ db }) => ({ invites: await listInvites(db) }));

/** POST /api/v1/admin/invites {email?, admin?, project?, role?} → the link, shown once. */
export const POST = apiRoute("POST /api/v1/admin/invites", async ({ db, body, auth }) => {
  const { invite, url } = await createInvite(db, { email: body.email, admin: body.admin, projectSlug: body.project, role: body.role, auth });
  return { ...invite, url };
});
