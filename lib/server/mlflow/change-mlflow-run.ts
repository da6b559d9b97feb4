import "server-only";
import type { Database } from "@/lib/db/client";
import type { MlflowRunStatus } from "@/lib/mlflow/requests";
import { RUN_NAME_TAG } from "@/lib/mlflow/tags";
import type { Auth } from "@/lib/server/auth/auth";
import { publishEvent } from "@/lib/server/events/publish-event";
import { announceRunChanges, announceRunCreated } from "@/lib/server/runs/announce-run";
import { actorOf } from "@/lib/server/review/actor";
import { findMlflowRun } from "./find-mlflow-run";
import { fromMlflowStatus, runJson } from "./run-json";

/**
 * MLflow's UpdateRun: status, end_time and run_name. A terminal status without end_time ends the
 * run now (as MLflow's set_terminated does); RUNNING reopens it (a resumed run, MLFLOW_RUN_ID).
 */
export async function updateMlflowRun(db: Database, opts: { runId?: string; status?: MlflowRunStatus; endTime?: number; runName?: string; auth: Auth }) {
  const run = await findMlflowRun(db, opts.runId);
  opts.auth.require(run.projectId, "write");
  const status = opts.status ? fromMlflowStatus(opts.status) : null;
  const endedAt = opts.endTime !== undefined ? new Date(opts.endTime) : status && status !== "running" ? new Date() : null;
  await db.sql.transaction(async (tx) => {
    await tx.query(
      `UPDATE runs SET status = COALESCE($2, status),
            ended_at = CASE WHEN $2 = 'running' THEN NULL WHEN $3::timestamptz IS NOT NULL THEN $3 ELSE ended_at END,
            last_activity_at = CASE WHEN $2 = 'running' THEN now() ELSE last_activity_at END,
            name = COALESCE($4, name),
            mlflow_tags = CASE WHEN $4::text IS NULL THEN mlflow_tags ELSE mlflow_tags || jsonb_build_object($5::text, $4::text) END
      WHERE id = $1`,
      [run.id, status, endedAt, opts.runName || null, RUN_NAME_TAG],
    );
    const changes = {
      ...(status && status !== run.status ? { status, previousStatus: run.status } : {}),
      ...(opts.runName && opts.runName !== run.name ? { name: opts.runName } : {}),
    };
    await announceRunChanges(tx, { projectId: run.projectId, run, changes, actor: actorOf(opts.auth) });
  });
  return { run_info: runJson(await findMlflowRun(db, run.id)).info };
}

/** Soft delete (MLflow's lifecycle_stage "deleted"): the run leaves the runs table and can be restored. */
export async function setRunDeleted(db: Database, opts: { runId?: string; deleted: boolean; auth: Auth }) {
  const run = await findMlflowRun(db, opts.runId);
  opts.auth.require(run.projectId, "write");
  await db.sql.transaction(async (tx) => {
    const [changed] = await tx.query(
      `UPDATE runs SET deleted_at = ${opts.deleted ? "COALESCE(deleted_at, now())" : "NULL"} WHERE id = $1 AND (deleted_at IS NULL) = $2 RETURNING id`,
      [run.id, opts.deleted],
    );
    // Deleted runs leave the runs table, restored ones come back: live pages hear of both.
    if (!changed) return;
    const actor = actorOf(opts.auth);
    if (opts.deleted) await publishEvent(tx, { projectId: run.projectId, type: "run.deleted", runId: run.id, actor, data: { runId: run.id, name: run.name } });
    else await announceRunCreated(tx, { projectId: run.projectId, run, actor });
  });
  return {};
}
