import { apiRoute } from "@/lib/server/api/route";
import { addMember, listMembers } from "@/lib/server/members/members";

export const GET = apiRoute("GET /api/v1/projects/[slug]/members", async ({ db, params }) => ({
  members: await listMembers(db, { projectSlug: params.slug }),
}));

/** POST /api/v1/projects/{slug}/members {email, role}: adds the account (or changes its role). */
export const POST = apiRoute("POST /api/v1/projects/[slug]/members", async ({ db, params, body, auth }) =>
  addMember(db, { projectSlug: params.slug, email: body.email, role: body.role, auth }),
);
