import "server-only";
import type { Database } from "@/lib/db/client";
import { notFound } from "@/lib/server/api/errors";

/** A run with its project, or a 404. */
export async function findRun(db: Database, id: string) {
  const run = await db.prisma.run.findUnique({ where: { id }, include: { project: true } });
  if (!run) throw notFound(`Run '${id}'`);
  return run;
}
