import { apiRoute } from "@/lib/server/api/route";
import { listProjects } from "@/lib/server/projects/list-projects";
import { createProject } from "@/lib/server/projects/create-project";

export const GET = apiRoute("GET /api/v1/projects", async ({ db, auth }) => ({ projects: await listProjects(db, { auth }) }));

export const POST = apiRoute("POST /api/v1/projects", async ({ db, body, auth }) => createProject(db, { input: body, auth }));
