import "server-only";
import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/auth/auth";
import type { TUpdateProject } from "@/lib/schemas/projects";
import { getProject } from "./get-project";

export async function updateProject(db: Database, opts: { slug: string; patch: TUpdateProject; auth: Auth }) {
  await getProject(db, opts);
  await db.prisma.project.update({ where: { slug: opts.slug }, data: opts.patch });
  return getProject(db, opts);
}
