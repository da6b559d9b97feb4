import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/api/auth";
import { findRun } from "./find-run";

export async function heartbeatRun(db: Database, opts: { id: string; auth: Auth }) {
  const run = await findRun(db, opts.id);
  opts.auth.require(run.projectId, "write");
  const now = new Date();
  await db.prisma.run.update({ where: { id: run.id }, data: { lastHeartbeatAt: now, lastActivityAt: now } });
}
