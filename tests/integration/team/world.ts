import { randomBytes } from "node:crypto";
import * as login from "@/app/api/v1/auth/login/route";
import * as runs from "@/app/api/v1/runs/route";
import { getDatabase } from "@/lib/db";
import { Auth } from "@/lib/server/auth/auth";
import type { ProjectRole } from "@/lib/auth/roles";
import { createApiKey } from "@/lib/server/keys/create-key";
import { addMember } from "@/lib/server/members/members";
import { createProject } from "@/lib/server/projects/create-project";
import { createUser } from "@/lib/server/users/users";
import { call, uniqueSlug } from "../http";

/** The identities the route × role table walks. */
export const ROLES = ["admin", "owner", "editor", "viewer", "outsider", "anonymous", "readKey", "writeKey", "otherKey"] as const;
export type Role = (typeof ROLES)[number];

/** The origin integration requests pretend to come from (the URL tests/integration/http.ts uses). */
export const ORIGIN = "http://127.0.0.1:3000";
export const PASSWORD = "correct horse battery staple";

const email = (who: string) => `${who}-${randomBytes(4).toString("hex")}@example.test`;

/** Signs in through POST /api/v1/auth/login and returns the session cookie. */
export async function signInCookie(address: string, password = PASSWORD): Promise<string> {
  const res = await call(login.POST, "POST", "/api/v1/auth/login", { body: { email: address, password }, headers: { origin: ORIGIN } });
  if (res.status !== 200) throw new Error(`sign-in of ${address} failed: ${res.status} ${res.text}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

export async function newUser(who: string, opts: { admin?: boolean } = {}) {
  const db = await getDatabase();
  return createUser(db, { email: email(who), password: PASSWORD, name: who, admin: opts.admin, actor: "test" });
}

/**
 * Project A with an owner, an editor and a viewer; project B owned by the "outsider"; an admin;
 * read and write keys of A and a key of B. `headers(role)` gives what a request of that identity
 * carries (a browser session sends its Origin, as browsers do).
 */
export async function makeWorld() {
  const db = await getDatabase();
  const op = Auth.operator();
  // The admin first: on an empty database the first account becomes admin whatever it asks.
  const admin = await newUser("admin", { admin: true });
  const [owner, editor, viewer, outsider] = await Promise.all([newUser("owner"), newUser("editor"), newUser("viewer"), newUser("outsider")]);
  const a = uniqueSlug("a");
  const b = uniqueSlug("b");
  await createProject(db, { input: { name: a, slug: a }, auth: op });
  await createProject(db, { input: { name: b, slug: b }, auth: op });
  const member = (slug: string, user: { email: string }, role: ProjectRole) => addMember(db, { projectSlug: slug, email: user.email, role, auth: op });
  await member(a, owner, "owner");
  await member(a, editor, "editor");
  await member(a, viewer, "viewer");
  await member(b, outsider, "owner");
  const readKey = await createApiKey(db, { projectSlug: a, scope: "read", auth: Auth.operator() });
  const writeKey = await createApiKey(db, { projectSlug: a, scope: "write", auth: Auth.operator() });
  const otherKey = await createApiKey(db, { projectSlug: b, scope: "write", auth: Auth.operator() });
  const users = { admin, owner, editor, viewer, outsider };
  const cookies = Object.fromEntries(await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await signInCookie(u.email)] as const)));
  const keys = { readKey: readKey.key, writeKey: writeKey.key, otherKey: otherKey.key };

  function headers(role: Role): Record<string, string> {
    if (role === "anonymous") return {};
    if (role in keys) return { authorization: `Bearer ${keys[role as keyof typeof keys]}` };
    return { cookie: cookies[role], origin: ORIGIN };
  }

  /** A fresh run in project A (for routes that change or delete one). */
  async function newRun(project = a): Promise<string> {
    const res = await call(runs.POST, "POST", "/api/v1/runs", { body: { project }, headers: headers("admin") });
    if (res.status !== 201) throw new Error(`run creation failed: ${res.status} ${res.text}`);
    return res.json.id as string;
  }

  const aId = (await db.prisma.project.findUniqueOrThrow({ where: { slug: a } })).id;
  return { db, a, aId, b, users, keys, cookies, headers, newRun, run: await newRun() };
}
export type World = Awaited<ReturnType<typeof makeWorld>>;
