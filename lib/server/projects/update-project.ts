import type { Database } from "@/lib/db/client";
import type { TUpdateProject } from "@/lib/schemas/projects";
import { getProject } from "./get-project";

export async function updateProject(db: Database, opts: { slug: string; patch: TUpdateProject }) {
  await getProject(db, { slug: opts.slug });
  await db.prisma.project.update({ where: { slug: opts.slug }, data: opts.patch });
  return getProject(db, { slug: opts.slug });
}
