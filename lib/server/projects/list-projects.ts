import type { Database } from "@/lib/db/client";
import { projectView } from "./project-view";

export async function listProjects(db: Database) {
  const rows = await db.prisma.project.findMany({
    where: { deletedAt: null },
    orderBy: { createdAt: "desc" },
    include: { _count: { select: { runs: { where: { deletedAt: null } } } } },
  });
  return rows.map((p) => projectView({ ...p, runCount: p._count.runs }));
}
