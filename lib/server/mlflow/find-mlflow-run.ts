import "server-only";
import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import { doesNotExist, invalidParam } from "@/lib/mlflow/errors";
import { RUN_COLUMNS, type MlflowRunRow } from "./run-json";

/** The run a request names, deleted ones included (GetRun returns them), or RESOURCE_DOES_NOT_EXIST. */
export async function findMlflowRun(db: Database | Sql, runId: string | undefined, opts: { forUpdate?: boolean } = {}): Promise<MlflowRunRow> {
  if (!runId) throw invalidParam("Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.");
  const sql = "sql" in db ? db.sql : db;
  const rows = await sql.query<MlflowRunRow>(`SELECT ${RUN_COLUMNS} FROM runs r WHERE r.id = $1 ${opts.forUpdate ? "FOR UPDATE" : ""}`, [runId]);
  if (!rows.length) throw doesNotExist(`Run '${runId}' not found`);
  return rows[0];
}

/** MLflow refuses writes to a deleted run with this message. */
export function requireActive(run: { id: string; deletedAt: Date | null }): void {
  if (run.deletedAt) throw invalidParam(`The run ${run.id} must be in the 'active' state. Current state is deleted.`);
}
