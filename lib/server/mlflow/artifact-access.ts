import type { Database } from "@/lib/db/client";
import { doesNotExist, invalidParam } from "@/lib/mlflow/errors";
import type { Auth } from "@/lib/server/auth/auth";
import { parseExperimentId } from "./find-experiment";
import { findMlflowRun, requireActive } from "./find-mlflow-run";

/**
 * An mlflow-artifacts path is `<experiment id>/<run id>/artifacts/<path in the run>` (the run's
 * artifact_uri without the scheme). Resolves the run, checks that the experiment is the run's and
 * that the caller has `need` access to its project, and returns the path inside the run.
 */
export async function resolveArtifactPath(db: Database, fullPath: string, auth: Auth, need: "read" | "write") {
  const segments = fullPath.split("/").filter((s) => s !== "");
  if (segments.length < 3 || segments[2] !== "artifacts") {
    throw invalidParam(`Invalid artifact path '${fullPath.slice(0, 200)}': expected <experiment id>/<run id>/artifacts/<path>`);
  }
  const experimentId = parseExperimentId(segments[0]);
  const run = await findMlflowRun(db, segments[1]);
  if (run.projectId !== experimentId) throw doesNotExist(`Run '${segments[1]}' is not in experiment ${segments[0]}`);
  auth.require(run.projectId, need);
  if (need === "write") requireActive(run);
  return { runId: run.id, relative: segments.slice(3).join("/"), run };
}
