import "server-only";
import type { Database } from "@/lib/db/client";
import { notFound } from "@/lib/server/api/errors";

/** A project row by slug, or a 404. */
export async function findProject(db: Database, slug: string) {
  const project = await db.prisma.project.findUnique({ where: { slug } });
  if (!project) throw notFound(`Project '${slug}'`);
  return project;
}
