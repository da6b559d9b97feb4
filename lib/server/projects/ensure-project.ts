import "server-only";
import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import type { Auth } from "@/lib/server/auth/auth";

/**
 * The project with this slug, created (named after its slug) when missing. One INSERT … ON CONFLICT
 * DO NOTHING, so two requests naming the same new project at once both get it: a find-then-create
 * (or Prisma's upsert, which is one only in some cases) lets the slower one hit the unique index.
 * `created` says whether this call made it.
 */
export async function ensureProject(sql: Sql, slug: string): Promise<{ id: number; slug: string; created: boolean }> {
  const inserted = await sql.query<{ id: number }>(`INSERT INTO projects (slug, name) VALUES ($1, $1) ON CONFLICT (slug) DO NOTHING RETURNING id`, [slug]);
  if (inserted.length) return { id: inserted[0].id, slug, created: true };
  const rows = await sql.query<{ id: number; slug: string }>(`SELECT id, slug FROM projects WHERE slug = $1`, [slug]);
  return { ...rows[0], created: false };
}

/** Whoever creates a project (a signed-in user) owns it; admins and the local user need no membership. */
export async function addCreatorAsOwner(sql: Sql, projectId: number, auth: Auth): Promise<void> {
  const user = auth.user;
  if (user) await sql.query(`INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, 'owner') ON CONFLICT DO NOTHING`, [projectId, user.id]);
}

/** ensureProject, and whoever creates it becomes its owner. */
export async function ensureOwnedProject(sql: Sql, slug: string, auth: Auth): Promise<{ id: number; slug: string; created: boolean }> {
  const project = await ensureProject(sql, slug);
  if (project.created) await addCreatorAsOwner(sql, project.id, auth);
  return project;
}

/**
 * The project a write names, created when missing (logging or importing into a new project
 * creates it, as it always has). Checks the caller may write there first (creating one: people
 * yes, keys no). With `create: false` a missing project is returned as null (import preview).
 */
export async function projectForWrite(db: Database, opts: { slug: string; auth: Auth; create?: boolean }) {
  const { slug, auth } = opts;
  const found = await db.prisma.project.findUnique({ where: { slug }, select: { id: true, slug: true } });
  auth.require(found?.id ?? null, "write");
  if (found || opts.create === false) return found;
  return db.sql.transaction((tx) => ensureOwnedProject(tx, slug, auth));
}
