import { apiRoute } from "@/lib/server/api/route";
import { listComparisons } from "@/lib/server/comparisons/get-comparison";
import { createComparison } from "@/lib/server/comparisons/save-comparison";
import { findProject } from "@/lib/server/projects/find-project";

export const GET = apiRoute("GET /api/v1/projects/[slug]/comparisons", async ({ db, params, auth }) => {
  const project = await findProject(db, params.slug);
  return listComparisons(db, { projectId: project.id, slug: project.slug, auth });
});

export const POST = apiRoute("POST /api/v1/projects/[slug]/comparisons", async ({ db, params, body, auth }) =>
  createComparison(db, { slug: params.slug, input: body, auth }),
);
