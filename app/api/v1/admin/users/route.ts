import { apiRoute } from "@/lib/server/api/route";
import { createUser, listUsers } from "@/lib/server/users/users";

export const GET = apiRoute("GET /api/v1/admin/users", async ({ db }) => ({ users: await listUsers(db) }));

export const POST = apiRoute("POST /api/v1/admin/users", async ({ db, body, auth }) => createUser(db, { ...body, actor: auth.auditActor }));
