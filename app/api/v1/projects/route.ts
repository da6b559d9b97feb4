import { apiRoute } from "@/lib/server/api/route";
import { ZCreateProject } from "@/lib/schemas/projects";
import { listProjects } from "@/lib/server/projects/list-projects";
import { createProject } from "@/lib/server/projects/create-project";

export const GET = apiRoute({}, async ({ db }) => ({ projects: await listProjects(db) }));

export const POST = apiRoute({ body: ZCreateProject, status: 201 }, async ({ db, body, auth }) => {
  auth.require(null, "write");
  return createProject(db, body);
});
