import { apiRoute } from "@/lib/server/api/route";
import { ZCreateProject } from "@/lib/schemas/projects";
import { listProjects } from "@/lib/server/projects/list-projects";
import { createProject } from "@/lib/server/projects/create-project";

export const GET = apiRoute({ access: "signed-in" }, async ({ db, auth }) => ({ projects: await listProjects(db, { auth }) }));

export const POST = apiRoute({ access: "person", body: ZCreateProject, status: 201 }, async ({ db, body, auth }) => createProject(db, { input: body, auth }));
