import "server-only";
import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/auth/auth";
import { changeRun } from "./log-batch";

interface DatasetInput {
  tags?: { key: string; value: string }[];
  dataset: { name: string; digest: string; source_type: string; source: string; schema?: string; profile?: string };
}

interface RunIo {
  inputs?: { dataset_inputs?: DatasetInput[]; model_inputs?: { model_id: string }[] };
  outputs?: { model_outputs?: { model_id: string; step: number }[] };
}

/** Appends items to a list, skipping those already there (same identity), as MLflow records each dataset once per run. */
function appendUnique<T>(list: T[] | undefined, items: T[], id: (t: T) => string): T[] {
  const out = [...(list ?? [])];
  const seen = new Set(out.map(id));
  for (const item of items) {
    if (seen.has(id(item))) continue;
    seen.add(id(item));
    out.push(item);
  }
  return out;
}

/** MLflow's LogInputs: datasets (name, digest, source, schema, profile, context tags) and model inputs, kept on the run and returned by GetRun. */
export async function logInputs(db: Database, opts: { runId?: string; datasets?: DatasetInput[]; models?: { model_id: string }[]; auth: Auth }) {
  await changeRun(db, opts.runId, opts.auth, { withMeta: true }, async (tx, run) => {
    const io = run.mlflowIo as RunIo;
    const inputs = {
      dataset_inputs: appendUnique(io.inputs?.dataset_inputs, opts.datasets ?? [], (d) => `${d.dataset.name}\u0000${d.dataset.digest}`),
      ...(opts.models?.length || io.inputs?.model_inputs ? { model_inputs: appendUnique(io.inputs?.model_inputs, opts.models ?? [], (m) => m.model_id) } : {}),
    };
    await tx.query(`UPDATE runs SET mlflow_io = mlflow_io || $2::jsonb WHERE id = $1`, [run.id, JSON.stringify({ inputs })]);
  });
  return {};
}

/** MLflow 3's LogOutputs (models a run produced, with the step): kept on the run and returned by GetRun. */
export async function logOutputs(db: Database, opts: { runId?: string; models: { model_id: string; step?: number }[]; auth: Auth }) {
  await changeRun(db, opts.runId, opts.auth, { withMeta: true }, async (tx, run) => {
    const io = run.mlflowIo as RunIo;
    const models = opts.models.map((m) => ({ model_id: m.model_id, step: m.step ?? 0 }));
    const outputs = { model_outputs: appendUnique(io.outputs?.model_outputs, models, (m) => `${m.model_id}\u0000${m.step}`) };
    await tx.query(`UPDATE runs SET mlflow_io = mlflow_io || $2::jsonb WHERE id = $1`, [run.id, JSON.stringify({ outputs })]);
  });
  return {};
}
