import "server-only";
import type { Database } from "@/lib/db/client";
import { doesNotExist, invalidParam } from "@/lib/mlflow/errors";
import type { Auth } from "@/lib/server/auth/auth";
import { parseExperimentId } from "./find-experiment";
import { findMlflowRun, requireActive } from "./find-mlflow-run";

/**
 * An mlflow-artifacts path is `<experiment id>/<run id>/artifacts/<path in the run>` (the run's
 * artifact_uri without the scheme), or `<experiment id>/models/<model id>/artifacts/<path>` (a
 * logged model's). Resolves the run or model, checks that the experiment is its own and that the
 * caller has `need` access to its project, and returns the folder's owner (the run's or model's
 * id: lib/server/mlflow/artifact-store.ts keeps a folder per id) and the path inside it.
 */
export async function resolveArtifactPath(db: Database, fullPath: string, auth: Auth, need: "read" | "write"): Promise<{ ownerId: string; relative: string }> {
  const segments = fullPath.split("/").filter((s) => s !== "");
  const model = segments[1] === "models";
  const at = model ? 3 : 2;
  if (segments.length < at + 1 || segments[at] !== "artifacts") {
    throw invalidParam(
      `Invalid artifact path '${fullPath.slice(0, 200)}': expected <experiment id>/<run id>/artifacts/<path> or <experiment id>/models/<model id>/artifacts/<path>`,
    );
  }
  const experimentId = parseExperimentId(segments[0]);
  const relative = segments.slice(at + 1).join("/");
  if (model) {
    const rows = await db.sql.query<{ projectId: number }>(`SELECT project_id AS "projectId" FROM mlflow_logged_models WHERE id = $1`, [segments[2]]);
    if (rows[0]?.projectId !== experimentId) throw doesNotExist(`Logged model '${segments[2]}' not found in experiment ${segments[0]}`);
    auth.require(experimentId, need);
    return { ownerId: segments[2], relative };
  }
  const run = await findMlflowRun(db, segments[1]);
  if (run.projectId !== experimentId) throw doesNotExist(`Run '${segments[1]}' is not in experiment ${segments[0]}`);
  auth.require(run.projectId, need);
  if (need === "write") requireActive(run);
  return { ownerId: run.id, relative };
}
