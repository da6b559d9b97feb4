import { apiRoute } from "@/lib/server/api/route";
import { ZCreateKey } from "@/lib/schemas/auth";
import { createApiKey } from "@/lib/server/keys/create-key";
import { listApiKeys } from "@/lib/server/keys/revoke-key";

const PROJECT = { param: "slug", is: "slug" } as const;

export const GET = apiRoute({ access: { need: "manage", project: PROJECT } }, async ({ db, params }) => ({
  keys: await listApiKeys(db, { projectSlug: params.slug }),
}));

/** POST /api/v1/projects/{slug}/keys {name?, scope}: the key itself is in this answer only. */
export const POST = apiRoute({ access: { need: "manage", project: PROJECT }, body: ZCreateKey, status: 201 }, async ({ db, params, body, auth }) =>
  createApiKey(db, { projectSlug: params.slug, scope: body.scope, name: body.name, auth }),
);
