import "server-only";
import type { Database } from "@/lib/db/client";
import { doesNotExist, invalidParam } from "@/lib/mlflow/errors";
import { DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME, EXPERIMENT_COLUMNS, type ExperimentRow } from "./experiment-view";

/** Experiment ids are project ids: numeric strings. */
export function parseExperimentId(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw invalidParam(`Invalid experiment id '${id}': experiment ids are numeric strings`);
  return Number(id);
}

/** An experiment (deleted ones included, as MLflow's GetExperiment), or RESOURCE_DOES_NOT_EXIST. */
export async function findExperiment(db: Database, experimentId: string): Promise<ExperimentRow> {
  const id = parseExperimentId(experimentId);
  if (id === DEFAULT_EXPERIMENT_ID) return ensureDefaultExperiment(db);
  const rows = await db.sql.query<ExperimentRow>(`SELECT ${EXPERIMENT_COLUMNS} FROM projects p WHERE p.id = $1`, [id]);
  if (!rows.length) throw doesNotExist(`No Experiment with id=${experimentId} exists`);
  return rows[0];
}

/**
 * The experiment named `name`: a project with that name, else with that slug (so an Anneal
 * project "cityscapes-seg" is the MLflow experiment "cityscapes-seg"); active ones first.
 */
export async function findExperimentByName(db: Database, name: string): Promise<ExperimentRow | null> {
  if (name === DEFAULT_EXPERIMENT_NAME) return ensureDefaultExperiment(db);
  const rows = await db.sql.query<ExperimentRow>(
    `SELECT ${EXPERIMENT_COLUMNS} FROM projects p WHERE p.name = $1 OR p.slug = $1
      ORDER BY (p.name = $1) DESC, (p.deleted_at IS NULL) DESC, p.id LIMIT 1`,
    [name],
  );
  return rows[0] ?? null;
}

/**
 * Experiment "0" is a project with id 0, created on first use (never by a migration: a fresh
 * Anneal without MLflow clients shows no empty project). Its slug is "default", or
 * "mlflow-default" when an Anneal project already took "default".
 */
export async function ensureDefaultExperiment(db: Database): Promise<ExperimentRow> {
  const read = () => db.sql.query<ExperimentRow>(`SELECT ${EXPERIMENT_COLUMNS} FROM projects p WHERE p.id = $1`, [DEFAULT_EXPERIMENT_ID]);
  let rows = await read();
  if (rows.length) return rows[0];
  for (const slug of ["default", "mlflow-default"]) {
    await db.sql.query(`INSERT INTO projects (id, slug, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      DEFAULT_EXPERIMENT_ID,
      slug,
      DEFAULT_EXPERIMENT_NAME,
    ]);
    rows = await read();
    if (rows.length) return rows[0];
  }
  throw new Error("could not create the default experiment");
}
