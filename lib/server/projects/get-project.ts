import "server-only";
import type { Database } from "@/lib/db/client";
import { notFound } from "@/lib/server/api/errors";
import type { Auth } from "@/lib/server/auth/auth";
import { projectView } from "./project-view";

export async function getProject(db: Database, opts: { slug: string; auth: Auth }) {
  const p = await db.prisma.project.findUnique({ where: { slug: opts.slug }, include: { _count: { select: { runs: true } } } });
  if (!p) throw notFound(`Project '${opts.slug}'`);
  return projectView({ ...p, runCount: p._count.runs }, opts.auth.roleIn(p.id));
}
