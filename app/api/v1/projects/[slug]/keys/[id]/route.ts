import { apiRoute } from "@/lib/server/api/route";
import { revokeApiKey } from "@/lib/server/keys/revoke-key";

export const DELETE = apiRoute("DELETE /api/v1/projects/[slug]/keys/[id]", async ({ db, params, auth }) => {
  await revokeApiKey(db, { id: Number(params.id), projectSlug: params.slug, auth });
  return null;
});
