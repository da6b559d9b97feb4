import "server-only";
import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/auth/auth";
import { findRun } from "@/lib/server/runs/find-run";
import { isImageArtifact, listAllArtifacts } from "./artifact-store";

/** Most files the run page lists (a checkpoint folder can hold thousands). */
export const MAX_LISTED_ARTIFACTS = 1000;

/** A run's artifact files for the run page: path, size, whether it is an image, and where the proxy serves it. */
export async function listRunArtifacts(db: Database, opts: { id: string; auth: Auth }) {
  const run = await findRun(db, opts.id);
  opts.auth.require(run.projectId, "read");
  const files = await listAllArtifacts(run.id, MAX_LISTED_ARTIFACTS + 1);
  const base = `/api/2.0/mlflow-artifacts/artifacts/${run.projectId}/${encodeURIComponent(run.id)}/artifacts/`;
  return {
    files: files.slice(0, MAX_LISTED_ARTIFACTS).map((f) => ({
      path: f.path,
      size: f.file_size ?? 0,
      image: isImageArtifact(f.path),
      url: base + f.path.split("/").map(encodeURIComponent).join("/"),
    })),
    truncated: files.length > MAX_LISTED_ARTIFACTS,
  };
}
