import { apiRoute } from "@/lib/server/api/route";
import { ZAddMember } from "@/lib/schemas/auth";
import { addMember, listMembers } from "@/lib/server/members/members";

const PROJECT = { param: "slug", is: "slug" } as const;

export const GET = apiRoute({ access: { need: "read", project: PROJECT } }, async ({ db, params }) => ({
  members: await listMembers(db, { projectSlug: params.slug }),
}));

/** POST /api/v1/projects/{slug}/members {email, role}: adds the account (or changes its role). */
export const POST = apiRoute({ access: { need: "manage", project: PROJECT }, body: ZAddMember, status: 201 }, async ({ db, params, body, auth }) =>
  addMember(db, { projectSlug: params.slug, email: body.email, role: body.role, auth }),
);
