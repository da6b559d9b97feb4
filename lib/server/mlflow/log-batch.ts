import "server-only";
import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import { mlflowParamsConfig } from "@/lib/importers/config/mlflow-params";
import { invalidParam, MlflowError } from "@/lib/mlflow/errors";
import { parseMetrics, type MetricColumns } from "@/lib/mlflow/metric-columns";
import { MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH } from "@/lib/mlflow/requests";
import { LOG_MODEL_HISTORY_TAG, NOTE_TAG, RUN_NAME_TAG, withMlflowTag } from "@/lib/mlflow/tags";
import { EPOCH_KEY, TIME_KEY } from "@/lib/schemas/metrics";
import type { Auth } from "@/lib/server/auth/auth";
import { sortedUnique, type SeriesPoints } from "@/lib/server/metrics/batch-series";
import { writeRunSeries } from "@/lib/server/metrics/ingest-metrics";
import { appendFast, readAppendState, rememberAppendState } from "@/lib/server/metrics/fast-append";
import { actorOf } from "@/lib/server/review/actor";
import { requireActive } from "./find-mlflow-run";
import { runTags } from "./run-json";

interface KeyValue {
  key: string;
  value: string;
}

/** The metric MLflow names "epoch" (HF Trainer, Lightning) is also Anneal's epoch axis. */
const EPOCH_METRIC = "epoch";

/**
 * MLflow's LogBatch, all or nothing: metrics, params and tags of one run in one transaction that
 * holds the run's row lock. Metrics go through Anneal's ingest (chunk store, last value per
 * (key, step)); their timestamps become the points' times; a metric named "epoch" also feeds the
 * epoch axis. Params are immutable as in MLflow (the same value again is fine) and become the
 * interpreted config; tags update name, notes and Anneal tags (lib/mlflow/tags.ts).
 */
export async function logBatch(
  db: Database,
  opts: { runId?: string; metrics?: unknown[] | MetricColumns; params?: KeyValue[]; tags?: KeyValue[]; auth: Auth },
) {
  // Columns already when the body was read by the byte-level reader (lib/mlflow/log-batch-reader.ts).
  const metrics = Array.isArray(opts.metrics) || !opts.metrics ? parseMetrics(opts.metrics ?? []) : opts.metrics;
  const params = checkParams(opts.params ?? []);
  const tags = checkValues(opts.tags ?? [], "tags", MAX_TAG_VALUE_LENGTH);
  const series = metrics.keys.length ? metricSeries(metrics) : null;
  const actor = actorOf(opts.auth);
  // A metrics-only append goes in one statement when the run's write state is known (lib/server/metrics/fast-append.ts).
  if (series && opts.runId && !params.length && !tags.length && (await appendFast(db.sql, opts.runId, series, opts.auth, actor)) === "written") return {};
  const state = await changeRun(db, opts.runId, opts.auth, { withMeta: params.length > 0 || tags.length > 0 }, async (tx, run) => {
    if (params.length || tags.length) await writeParamsAndTags(tx, run, params, tags);
    if (!series) return null;
    await writeRunSeries(tx, run, series, actor);
    return readAppendState(tx, run, [...series.keys()], run.version);
  });
  if (state) rememberAppendState(opts.runId!, state);
  return {};
}

export async function deleteRunTag(db: Database, opts: { runId?: string; key: string; auth: Auth }) {
  await changeRun(db, opts.runId, opts.auth, { withMeta: true }, async (tx, run) => {
    if (!(opts.key in runTags(run))) throw new MlflowError("RESOURCE_DOES_NOT_EXIST", `No tag with name: ${opts.key} in run with id ${run.id}`);
    const mlflowTags = { ...run.mlflowTags };
    delete mlflowTags[opts.key];
    await tx.query(`UPDATE runs SET mlflow_tags = $2::jsonb, tags = $3::text[], notes = $4 WHERE id = $1`, [
      run.id,
      JSON.stringify(mlflowTags),
      withMlflowTag(run.tags, opts.key, null),
      opts.key === NOTE_TAG ? null : run.notes,
    ]);
  });
  return {};
}

/** MLflow's LogModel: the model's MLmodel JSON is appended to the run's mlflow.log-model.history tag, as MLflow's server does. */
export async function logModel(db: Database, opts: { runId?: string; modelJson: string; auth: Auth }) {
  let model: unknown;
  try {
    model = JSON.parse(opts.modelJson);
  } catch {
    throw invalidParam("Invalid value for parameter 'model_json': not valid JSON");
  }
  await changeRun(db, opts.runId, opts.auth, { withMeta: true }, async (tx, run) => {
    let history: unknown[] = [];
    try {
      const old: unknown = JSON.parse(run.mlflowTags[LOG_MODEL_HISTORY_TAG] ?? "[]");
      if (Array.isArray(old)) history = old;
    } catch {
      // a hand-set, malformed history tag restarts the list
    }
    await writeParamsAndTags(tx, run, [], [{ key: LOG_MODEL_HISTORY_TAG, value: JSON.stringify([...history, model]) }]);
  });
  return {};
}

/** The run's fields a write needs, locked for the transaction. */
export interface LockedRun {
  id: string;
  projectId: number;
  deletedAt: Date | null;
  /** The row's xmin when locked (lib/server/metrics/fast-append.ts). */
  version: string;
  name: string;
  notes: string | null;
  tags: string[];
  config: Record<string, unknown>;
  mlflowParams: Record<string, string>;
  mlflowTags: Record<string, string>;
  mlflowIo: Record<string, unknown>;
}

/**
 * Locks the run (writers to one run are serialised, as in Anneal's ingest), checks write access
 * and that it is not deleted, then runs `fn` in the same transaction. `withMeta` also reads the
 * JSON columns (params, tags, config): metric-only batches, the hot path, skip them.
 */
export async function changeRun<R = void>(
  db: Database,
  runId: string | undefined,
  auth: Auth,
  opts: { withMeta: boolean },
  fn: (tx: Sql, run: LockedRun) => Promise<R>,
): Promise<R> {
  if (!runId) throw invalidParam("Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.");
  return db.sql.transaction(async (tx) => {
    const meta = opts.withMeta ? `, name, notes, tags, config, mlflow_params AS "mlflowParams", mlflow_tags AS "mlflowTags", mlflow_io AS "mlflowIo"` : "";
    const rows = await tx.query<LockedRun>(
      `SELECT id, project_id AS "projectId", deleted_at AS "deletedAt", xmin::text AS version${meta} FROM runs WHERE id = $1 FOR UPDATE`,
      [runId],
    );
    if (!rows.length) throw new MlflowError("RESOURCE_DOES_NOT_EXIST", `Run '${runId}' not found`);
    const run = rows[0];
    auth.require(run.projectId, "write");
    requireActive(run);
    return fn(tx, run);
  });
}

async function writeParamsAndTags(tx: Sql, run: LockedRun, params: KeyValue[], tags: KeyValue[]) {
  const mlflowParams = { ...run.mlflowParams };
  for (const p of params) {
    const old = mlflowParams[p.key];
    if (old !== undefined && old !== p.value) {
      throw invalidParam(
        `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${old}' for run ID='${run.id}'. Attempted logging new value '${p.value}'.`,
      );
    }
    mlflowParams[p.key] = p.value;
  }
  const mlflowTags = { ...run.mlflowTags };
  let annealTags = run.tags;
  let name = run.name;
  let notes = run.notes;
  for (const t of tags) {
    mlflowTags[t.key] = t.value;
    annealTags = withMlflowTag(annealTags, t.key, t.value);
    if (t.key === RUN_NAME_TAG && t.value) name = t.value;
    if (t.key === NOTE_TAG) notes = t.value || null;
  }
  // Params become the config (interpreted, mapped onto Anneal's keys); config keys set through Anneal's own API stay.
  const config = params.length ? { ...run.config, ...mlflowParamsConfig(mlflowParams) } : run.config;
  await tx.query(
    `UPDATE runs SET mlflow_params = $2::jsonb, config = $3::jsonb, mlflow_tags = $4::jsonb, tags = $5::text[], name = $6, notes = $7 WHERE id = $1`,
    [run.id, JSON.stringify(mlflowParams), JSON.stringify(config), JSON.stringify(mlflowTags), annealTags, name, notes],
  );
}

function checkValues(items: KeyValue[], field: string, maxValue: number): KeyValue[] {
  items.forEach((kv, i) => {
    if (kv.value.length > maxValue) {
      throw invalidParam(`Invalid value for parameter '${field}[${i}].value': '${kv.key}' has ${kv.value.length} characters, at most ${maxValue} are accepted`);
    }
  });
  return items;
}

function checkParams(items: KeyValue[]): KeyValue[] {
  checkValues(items, "params", MAX_PARAM_VALUE_LENGTH);
  const seen = new Map<string, string>();
  for (const p of items) {
    const prev = seen.get(p.key);
    if (prev !== undefined && prev !== p.value)
      throw invalidParam(`Duplicate parameter keys have been submitted: '${p.key}' with values '${prev}' and '${p.value}'`);
    seen.set(p.key, p.value);
  }
  return items;
}

/**
 * The metrics as series: one sorted, step-unique series per key (a repeated (key, step) keeps its
 * last value), each point's time (its timestamp in seconds) under the reserved time key, and the
 * metric "epoch" also as the epoch axis.
 */
export function metricSeries(m: MetricColumns): Map<string, SeriesPoints> {
  const n = m.keyOf.length;
  const keyCount = m.keys.length;
  // The points of each key in order (a counting sort by key, stable).
  const starts = new Uint32Array(keyCount + 1);
  for (let i = 0; i < n; i++) starts[m.keyOf[i] + 1]++;
  for (let k = 0; k < keyCount; k++) starts[k + 1] += starts[k];
  const order = new Uint32Array(n);
  const fill = starts.slice(0, keyCount);
  for (let i = 0; i < n; i++) order[fill[m.keyOf[i]]++] = i;
  const out = new Map<string, SeriesPoints>();
  for (let k = 0; k < keyCount; k++) {
    const idx = order.subarray(starts[k], starts[k + 1]);
    const series = sortedUnique(m.steps, m.values, idx);
    out.set(m.keys[k], series);
    // The same points (series are never changed in place once built).
    if (m.keys[k] === EPOCH_METRIC) out.set(EPOCH_KEY, series);
  }
  if (n) {
    const seconds = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      seconds[i] = m.timestamps[i] / 1000;
      order[i] = i;
    }
    out.set(TIME_KEY, sortedUnique(m.steps, seconds, order));
  }
  return out;
}
