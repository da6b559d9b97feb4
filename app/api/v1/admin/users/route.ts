import { apiRoute } from "@/lib/server/api/route";
import { ZCreateUser } from "@/lib/schemas/auth";
import { createUser, listUsers } from "@/lib/server/users/users";

export const GET = apiRoute({ access: "admin" }, async ({ db }) => ({ users: await listUsers(db) }));

export const POST = apiRoute({ access: "admin", body: ZCreateUser, status: 201 }, async ({ db, body, auth }) =>
  createUser(db, { ...body, actor: auth.auditActor }),
);
