import "server-only";
import type { Database } from "@/lib/db/client";
import { MlflowError } from "@/lib/mlflow/errors";
import type { Auth } from "@/lib/server/auth/auth";
import { DEFAULT_EXPERIMENT_ID } from "./experiment-view";
import { findExperiment, findExperimentByName } from "./find-experiment";

/** Writes to an experiment (rename, delete, restore, tags): each checks write access to the project first. */
async function writable(db: Database, experimentId: string, auth: Auth) {
  const p = await findExperiment(db, experimentId);
  auth.require(p.id, "write");
  return p;
}

export async function renameExperiment(db: Database, opts: { experimentId: string; newName: string; auth: Auth }) {
  const p = await writable(db, opts.experimentId, opts.auth);
  const name = opts.newName.trim();
  const taken = await findExperimentByName(db, name);
  if (taken && taken.id !== p.id) throw new MlflowError("RESOURCE_ALREADY_EXISTS", `Experiment(name=${name}) already exists.`);
  await db.sql.query(`UPDATE projects SET name = $2, updated_at = now() WHERE id = $1`, [p.id, name]);
  return {};
}

/** Soft delete, as MLflow: the experiment and its runs are hidden, not removed, and can be restored. */
export async function deleteExperiment(db: Database, opts: { experimentId: string; auth: Auth }) {
  const p = await writable(db, opts.experimentId, opts.auth);
  if (p.id === DEFAULT_EXPERIMENT_ID)
    throw new MlflowError("INVALID_PARAMETER_VALUE", "Cannot delete the default experiment '0'. This is an internally reserved experiment.");
  await db.sql.query(`UPDATE projects SET deleted_at = COALESCE(deleted_at, now()), updated_at = now() WHERE id = $1`, [p.id]);
  return {};
}

export async function restoreExperiment(db: Database, opts: { experimentId: string; auth: Auth }) {
  const p = await writable(db, opts.experimentId, opts.auth);
  await db.sql.query(`UPDATE projects SET deleted_at = NULL, updated_at = now() WHERE id = $1`, [p.id]);
  return {};
}

export async function setExperimentTag(db: Database, opts: { experimentId: string; key: string; value: string | null; auth: Auth }) {
  const p = await writable(db, opts.experimentId, opts.auth);
  if (p.deletedAt) throw new MlflowError("INVALID_PARAMETER_VALUE", `The experiment ${p.id} must be in the 'active' state. Current state is deleted.`);
  if (opts.value === null) {
    if (!(opts.key in ((p.mlflowTags ?? {}) as Record<string, string>))) {
      throw new MlflowError("RESOURCE_DOES_NOT_EXIST", `No tag with name: ${opts.key} in experiment with id ${p.id}`);
    }
    await db.sql.query(`UPDATE projects SET mlflow_tags = mlflow_tags - $2, updated_at = now() WHERE id = $1`, [p.id, opts.key]);
  } else {
    await db.sql.query(`UPDATE projects SET mlflow_tags = mlflow_tags || jsonb_build_object($2::text, $3::text), updated_at = now() WHERE id = $1`, [
      p.id,
      opts.key,
      opts.value,
    ]);
  }
  return {};
}
