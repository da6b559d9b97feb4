import "server-only";
import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/auth/auth";
import { findRun } from "./find-run";
import { announceRunChanges } from "./announce-run";
import { actorOf } from "@/lib/server/review/actor";

export async function heartbeatRun(db: Database, opts: { id: string; auth: Auth }) {
  const run = await findRun(db, opts.id);
  opts.auth.require(run.projectId, "write");
  await db.sql.transaction(async (tx) => {
    const [row] = await tx.query<{ revived: boolean }>(`SELECT crash_notified_at IS NOT NULL AS revived FROM runs WHERE id = $1 FOR UPDATE`, [run.id]);
    await tx.query(`UPDATE runs SET last_heartbeat_at = now(), last_activity_at = now(), crash_notified_at = NULL WHERE id = $1`, [run.id]);
    if (row?.revived)
      await announceRunChanges(tx, { projectId: run.projectId, run, changes: { status: "running", previousStatus: "crashed" }, actor: actorOf(opts.auth) });
  });
}
