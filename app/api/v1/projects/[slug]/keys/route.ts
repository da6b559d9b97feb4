import { apiRoute } from "@/lib/server/api/route";
import { createApiKey } from "@/lib/server/keys/create-key";
import { listApiKeys } from "@/lib/server/keys/revoke-key";

export const GET = apiRoute("GET /api/v1/projects/[slug]/keys", async ({ db, params }) => ({
  keys: await listApiKeys(db, { projectSlug: params.slug }),
}));

/** POST /api/v1/projects/{slug}/keys {name?, scope}: the key itself is in this answer only. */
export const POST = apiRoute("POST /api/v1/projects/[slug]/keys", async ({ db, params, body, auth }) =>
  createApiKey(db, { projectSlug: params.slug, scope: body.scope, name: body.name, auth }),
);
