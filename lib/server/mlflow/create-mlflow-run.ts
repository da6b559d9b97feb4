import "server-only";
import type { Database } from "@/lib/db/client";
import { invalidParam } from "@/lib/mlflow/errors";
import { NOTE_TAG, RUN_NAME_TAG, USER_TAG, annealTag } from "@/lib/mlflow/tags";
import type { Auth } from "@/lib/server/auth/auth";
import { announceRunCreated } from "@/lib/server/runs/announce-run";
import { actorOf } from "@/lib/server/review/actor";
import { generateRunId, generateRunName } from "@/lib/server/runs/run-names";
import { DEFAULT_EXPERIMENT_ID } from "./experiment-view";
import { findExperiment } from "./find-experiment";
import { findMlflowRun } from "./find-mlflow-run";
import { runJson } from "./run-json";

/**
 * MLflow's CreateRun: a running Anneal run in the experiment's project. run_name (or the
 * mlflow.runName tag) names it, else a generated name; mlflow.note.content becomes the notes and
 * other tags Anneal tags (lib/mlflow/tags.ts); every tag is kept as logged.
 */
export async function createMlflowRun(
  db: Database,
  opts: { experimentId?: string; userId?: string; runName?: string; startTime?: number; tags?: { key: string; value: string }[]; auth: Auth },
) {
  const experiment = await findExperiment(db, opts.experimentId ?? String(DEFAULT_EXPERIMENT_ID));
  opts.auth.require(experiment.id, "write");
  if (experiment.deletedAt) throw invalidParam(`The experiment ${experiment.id} must be in the 'active' state. Current state is deleted.`);
  const tags: Record<string, string> = {};
  for (const t of opts.tags ?? []) tags[t.key] = t.value;
  const name = opts.runName || tags[RUN_NAME_TAG] || generateRunName();
  tags[RUN_NAME_TAG] = name;
  if (opts.userId && !tags[USER_TAG]) tags[USER_TAG] = opts.userId;
  const annealTags = Object.entries(tags)
    .map(([k, v]) => annealTag(k, v))
    .filter((t): t is string => t !== null);
  const id = generateRunId();
  const startedAt = new Date(opts.startTime ?? Date.now());
  await db.sql.query(
    `INSERT INTO runs (id, project_id, name, status, tags, notes, started_at, last_activity_at, mlflow_tags)
     VALUES ($1, $2, $3, 'running', $4::text[], $5, $6, now(), $7::jsonb)`,
    [id, experiment.id, name, annealTags, tags[NOTE_TAG] ?? null, startedAt, JSON.stringify(tags)],
  );
  await announceRunCreated(db.sql, { projectId: experiment.id, run: { id, name, status: "running" }, actor: actorOf(opts.auth) });
  return { run: runJson(await findMlflowRun(db, id)) };
}
