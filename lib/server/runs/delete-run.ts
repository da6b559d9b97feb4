import "server-only";
import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/auth/auth";
import { findRun } from "./find-run";
import { publishEvent } from "@/lib/server/events/publish-event";
import { actorOf } from "@/lib/server/review/actor";
import { deleteArtifactFolder } from "@/lib/server/mlflow/artifact-store";

export async function deleteRun(db: Database, opts: { id: string; auth: Auth }) {
  const run = await findRun(db, opts.id);
  opts.auth.require(run.projectId, "manage");
  await db.sql.transaction(async (tx) => {
    await tx.query(`DELETE FROM runs WHERE id = $1`, [run.id]);
    await publishEvent(tx, { projectId: run.projectId, type: "run.deleted", actor: actorOf(opts.auth), data: { runId: run.id, name: run.name } });
  });
  // After the commit: a failed delete keeps its run's files. (A crash between the two leaves a folder without a run: docs/mlflow.md.)
  await deleteArtifactFolder(run.id);
}
