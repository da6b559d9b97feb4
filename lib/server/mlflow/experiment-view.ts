/** An Anneal project as MLflow's Experiment message. */

import "server-only";

/** MLflow's default experiment: every client falls back to id "0", named "Default". */
export const DEFAULT_EXPERIMENT_ID = 0;
export const DEFAULT_EXPERIMENT_NAME = "Default";

export interface ExperimentRow {
  id: number;
  slug: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  mlflowTags: unknown;
}

/** Columns of an ExperimentRow in raw SQL. */
export const EXPERIMENT_COLUMNS = `p.id, p.slug, p.name, p.created_at AS "createdAt", p.updated_at AS "updatedAt", p.deleted_at AS "deletedAt", p.mlflow_tags AS "mlflowTags"`;

/** Artifacts are served by this server's mlflow-artifacts proxy, as with `mlflow server --serve-artifacts`. */
export function experimentArtifactLocation(id: number): string {
  return `mlflow-artifacts:/${id}`;
}

export function experimentJson(p: ExperimentRow) {
  const tags = Object.entries((p.mlflowTags ?? {}) as Record<string, string>).map(([key, value]) => ({ key, value }));
  // The project's slug is how Anneal's UI and API name it: expose it as a tag, so an MLflow user can find the page.
  if (!tags.some((t) => t.key === "anneal.project")) tags.push({ key: "anneal.project", value: p.slug });
  return {
    experiment_id: String(p.id),
    name: p.name,
    artifact_location: experimentArtifactLocation(p.id),
    lifecycle_stage: p.deletedAt ? "deleted" : "active",
    last_update_time: p.updatedAt.getTime(),
    creation_time: p.createdAt.getTime(),
    tags,
  };
}
