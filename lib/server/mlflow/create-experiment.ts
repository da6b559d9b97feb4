import "server-only";
import type { Database } from "@/lib/db/client";
import { MlflowError } from "@/lib/mlflow/errors";
import type { Auth } from "@/lib/server/auth/auth";
import { slugify } from "@/lib/server/projects/project-view";
import { addCreatorAsOwner } from "@/lib/server/projects/ensure-project";
import { findExperimentByName } from "./find-experiment";

/**
 * MLflow's CreateExperiment: a new Anneal project named `name` (slug derived from it, made unique).
 * A name or slug already in use is RESOURCE_ALREADY_EXISTS, as MLflow answers for a taken name.
 */
export async function createExperiment(db: Database, opts: { name: string; tags?: { key: string; value: string }[]; auth: Auth }) {
  opts.auth.require(null, "write");
  const name = opts.name.trim();
  if (await findExperimentByName(db, name)) throw new MlflowError("RESOURCE_ALREADY_EXISTS", `Experiment(name=${name}) already exists.`);
  const tags = Object.fromEntries((opts.tags ?? []).map((t) => [t.key, t.value]));
  const base = slugify(name);
  for (let i = 1; i <= 100; i++) {
    const slug = i === 1 ? base : `${base.slice(0, 60)}-${i}`;
    const rows = await db.sql.query<{ id: number }>(
      `INSERT INTO projects (slug, name, mlflow_tags) VALUES ($1, $2, $3::jsonb) ON CONFLICT (slug) DO NOTHING RETURNING id`,
      [slug, name, JSON.stringify(tags)],
    );
    if (rows.length) {
      await addCreatorAsOwner(db.sql, rows[0].id, opts.auth);
      return { experiment_id: String(rows[0].id) };
    }
  }
  throw new MlflowError("RESOURCE_ALREADY_EXISTS", `No free project slug for experiment name '${name}'`);
}
