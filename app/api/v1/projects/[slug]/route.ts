import { apiRoute } from "@/lib/server/api/route";
import { ZUpdateProject } from "@/lib/schemas/projects";
import { getProject } from "@/lib/server/projects/get-project";
import { updateProject } from "@/lib/server/projects/update-project";

export const GET = apiRoute({}, async ({ db, params }) => getProject(db, { slug: params.slug }));

export const PATCH = apiRoute({ body: ZUpdateProject }, async ({ db, params, body, auth }) => {
  auth.require((await getProject(db, { slug: params.slug })).id, "write");
  return updateProject(db, { slug: params.slug, patch: body });
});
