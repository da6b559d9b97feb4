import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/api/auth";
import { findRun } from "./find-run";

export async function deleteRun(db: Database, opts: { id: string; auth: Auth }) {
  const run = await findRun(db, opts.id);
  opts.auth.require(run.projectId, "write");
  await db.prisma.run.delete({ where: { id: run.id } });
}
