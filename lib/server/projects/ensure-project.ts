import type { Sql } from "@/lib/db/sql";

/**
 * The project with this slug, created (named after its slug) when missing. One INSERT … ON CONFLICT
 * DO NOTHING, so two requests naming the same new project at once both get it: a find-then-create
 * (or Prisma's upsert, which is one only in some cases) lets the slower one hit the unique index.
 */
export async function ensureProject(sql: Sql, slug: string): Promise<{ id: number; slug: string }> {
  await sql.query(`INSERT INTO projects (slug, name) VALUES ($1, $1) ON CONFLICT (slug) DO NOTHING`, [slug]);
  const rows = await sql.query<{ id: number; slug: string }>(`SELECT id, slug FROM projects WHERE slug = $1`, [slug]);
  return rows[0];
}
