import "server-only";
import { LRUCache } from "lru-cache";
import type { Database } from "@/lib/db/client";
import { splitCommaList } from "@/lib/comma-list";
import { notFound } from "@/lib/server/api/errors";
import type { Auth } from "./auth";
import type { ProjectAction } from "@/lib/auth/roles";

/** Where a route finds the project a request is about, without reading the body. */
export type ProjectLocator =
  /** A path parameter holding a project slug, e.g. /projects/{slug}. */
  | { param: string; is: "slug" }
  /** A path parameter holding the id of a run, comment, saved comparison or alert: its project. */
  | { param: string; is: "run" | "comment" | "comparison" | "alert" }
  /** A query parameter holding a project slug (?project=…). */
  | { query: string; is: "slug" }
  /** A query parameter holding comma-separated run ids: every run's project. */
  | { query: string; is: "runs" };

/**
 * A route's access rule, declared next to the route and checked by apiRoute after authentication
 * and before the body is read:
 * - "public": anyone, signed in or not (health, sign-in);
 * - "signed-in": any identity (user, key, the local user); the handler shows only what it may see;
 * - "person": a signed-in user or the local user, not an API key (account pages, creating projects);
 * - "admin": admins (and the local user);
 * - { need, project }: `need` in the located project;
 * - { need, project: "in-body" }: the project is named in the body; before reading it, the caller
 *   must be able to `need` somewhere, and the handler checks the named project (auth.require).
 */
export type Access = "public" | "signed-in" | "person" | "admin" | { need: ProjectAction; project: ProjectLocator | "in-body" };

export async function authorize(db: Database, auth: Auth, access: Access, where: { params: Record<string, string>; url: URL }): Promise<void> {
  if (access === "public") return;
  if (access === "signed-in") return auth.requireIdentity();
  if (access === "person") return auth.requirePerson();
  if (access === "admin") return auth.requireAdmin();
  if (access.project === "in-body") {
    auth.requireIdentity(access.need !== "read");
    // A key acts only in its own project, so its scope can be checked now (a read key never gets to send a body).
    if (auth.principal.kind === "key") auth.require(auth.principal.key.projectId, access.need);
    return;
  }
  for (const projectId of await locateProjects(db, access.project, where)) auth.require(projectId, access.need);
}

const TABLES = { run: "runs", runs: "runs", comment: "comments", comparison: "comparisons", alert: "alerts" } as const;

async function locateProjects(db: Database, loc: ProjectLocator, where: { params: Record<string, string>; url: URL }): Promise<number[]> {
  const value = "param" in loc ? where.params[loc.param] : where.url.searchParams.get(loc.query);
  // A missing value is the handler's 400 to give (its query schema names the field); nothing to authorize.
  if (value === undefined || value === null || value === "") return [];
  if (loc.is === "slug") {
    const rows = await db.sql.query<{ id: number }>(`SELECT id FROM projects WHERE slug = $1`, [value]);
    if (!rows.length) throw notFound(`Project '${value}'`);
    return [rows[0].id];
  }
  if (loc.is === "run") {
    const known = runProjects.get(value);
    if (known !== undefined) return [known];
  }
  const ids = loc.is === "runs" ? splitCommaList(value) : [value];
  const rows = await db.sql.query<{ id: string; project_id: number }>(`SELECT id::text, project_id FROM ${TABLES[loc.is]} WHERE id::text = ANY($1::text[])`, [
    ids,
  ]);
  if (loc.is === "run" || loc.is === "runs") for (const r of rows) runProjects.set(r.id, r.project_id);
  // An unknown id is the handler's 404 to give (it names what is missing).
  return [...new Set(rows.map((r) => r.project_id))];
}

/**
 * A run's project, remembered: a run never moves to another project and its id is never reused,
 * so a live run's every metrics POST needn't ask the database again before its body is read (a
 * round trip is a fifth of such a POST's cost). Roles are still checked on every request; a run
 * deleted since is the handler's 404.
 */
const runProjects = new LRUCache<string, number>({ max: 100_000 });
