import { apiRoute } from "@/lib/server/api/route";
import { getProject } from "@/lib/server/projects/get-project";
import { updateProject } from "@/lib/server/projects/update-project";

export const GET = apiRoute("GET /api/v1/projects/[slug]", async ({ db, params, auth }) => getProject(db, { slug: params.slug, auth }));

export const PATCH = apiRoute("PATCH /api/v1/projects/[slug]", async ({ db, params, body, auth }) =>
  updateProject(db, { slug: params.slug, patch: body, auth }),
);
