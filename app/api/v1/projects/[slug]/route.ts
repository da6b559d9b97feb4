import { apiRoute } from "@/lib/server/api/route";
import { ZUpdateProject } from "@/lib/schemas/projects";
import { getProject } from "@/lib/server/projects/get-project";
import { updateProject } from "@/lib/server/projects/update-project";

export const GET = apiRoute({ access: { need: "read", project: { param: "slug", is: "slug" } } }, async ({ db, params, auth }) =>
  getProject(db, { slug: params.slug, auth }),
);

export const PATCH = apiRoute(
  { access: { need: "manage", project: { param: "slug", is: "slug" } }, body: ZUpdateProject },
  async ({ db, params, body, auth }) => updateProject(db, { slug: params.slug, patch: body, auth }),
);
