import "server-only";
import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/auth/auth";
import { projectView } from "./project-view";

/** The projects the caller may read (a key: its own; a user: their memberships; admins: all). */
export async function listProjects(db: Database, opts: { auth: Auth }) {
  const readable = opts.auth.readableProjects();
  const rows = await db.prisma.project.findMany({
    where: { deletedAt: null, ...(readable === "all" ? {} : { id: { in: readable } }) },
    orderBy: { createdAt: "desc" },
    include: { _count: { select: { runs: { where: { deletedAt: null } } } } },
  });
  return rows.map((p) => projectView({ ...p, runCount: p._count.runs }, opts.auth.roleIn(p.id)));
}
