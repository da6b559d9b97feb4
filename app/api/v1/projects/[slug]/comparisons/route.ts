import { apiRoute } from "@/lib/server/api/route";
import { ZCreateComparison } from "@/lib/schemas/comparisons";
import { listComparisons } from "@/lib/server/comparisons/get-comparison";
import { createComparison } from "@/lib/server/comparisons/save-comparison";
import { findProject } from "@/lib/server/projects/find-project";

export const GET = apiRoute({ access: { need: "read", project: { param: "slug", is: "slug" } } }, async ({ db, params, auth }) => {
  const project = await findProject(db, params.slug);
  return listComparisons(db, { projectId: project.id, slug: project.slug, auth });
});

export const POST = apiRoute({ access: { need: "write", project: { param: "slug", is: "slug" } }, body: ZCreateComparison, status: 201 }, async ({ db, params, body, auth }) =>
  createComparison(db, { slug: params.slug, input: body, auth }),
);
