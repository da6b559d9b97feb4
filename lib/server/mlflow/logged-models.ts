import "server-only";
import { randomBytes } from "node:crypto";
import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import { doesNotExist, invalidParam } from "@/lib/mlflow/errors";
import { decodePageToken, encodePageToken, maxResults } from "@/lib/mlflow/page-token";
import { MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH, type LoggedModelStatus } from "@/lib/mlflow/requests";
import { parseFilter, type Clause } from "@/lib/mlflow/search-filter";
import type { Auth } from "@/lib/server/auth/auth";
import { deleteArtifactFolder } from "./artifact-store";
import { experimentArtifactLocation } from "./experiment-view";
import { findExperiment, parseExperimentId } from "./find-experiment";
import { findMlflowRun } from "./find-mlflow-run";
import { compareClause, epochMs } from "./string-clause";

/**
 * MLflow 3's logged models: what `mlflow.<flavor>.log_model` creates before it uploads the model's
 * files (to the model's own artifact_uri, `<experiment>/models/<model id>/artifacts`) and
 * finalizes, and what `mlflow.set_active_model` finds by name or creates. A model belongs to an
 * experiment (a project); its source run is kept as an id. Metrics linked to a model are not kept
 * (Anneal keeps metrics per run): `data.metrics` is always empty.
 */

interface KeyValue {
  key: string;
  value: string;
}

interface ModelRow {
  id: string;
  projectId: number;
  name: string;
  sourceRunId: string | null;
  modelType: string | null;
  status: string;
  statusMessage: string | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}

const MODEL_COLUMNS = `m.id, m.project_id AS "projectId", m.name, m.source_run_id AS "sourceRunId", m.model_type AS "modelType", m.status,
  m.status_message AS "statusMessage", m.params, m.tags, m.created_at AS "createdAt", m.updated_at AS "updatedAt"`;

/** MLflow's SEARCH_LOGGED_MODEL_MAX_RESULTS_DEFAULT; the most per page. */
export const SEARCH_LOGGED_MODELS_DEFAULT = 100;
export const SEARCH_LOGGED_MODELS_MAX = 1000;

/** A logged model's files: `<experiment id>/models/<model id>/artifacts` under the mlflow-artifacts proxy. */
export function loggedModelArtifactUri(projectId: number, modelId: string): string {
  return `${experimentArtifactLocation(projectId)}/models/${modelId}/artifacts`;
}

const pairs = (o: Record<string, string>) => Object.entries(o).map(([key, value]) => ({ key, value }));

/** MLflow's LoggedModel message. */
function modelJson(m: ModelRow) {
  return {
    info: {
      model_id: m.id,
      experiment_id: String(m.projectId),
      name: m.name,
      creation_timestamp_ms: m.createdAt.getTime(),
      last_updated_timestamp_ms: m.updatedAt.getTime(),
      artifact_uri: loggedModelArtifactUri(m.projectId, m.id),
      status: m.status,
      ...(m.modelType !== null ? { model_type: m.modelType } : {}),
      ...(m.sourceRunId !== null ? { source_run_id: m.sourceRunId } : {}),
      ...(m.statusMessage !== null ? { status_message: m.statusMessage } : {}),
      tags: pairs(m.tags),
    },
    data: { params: pairs(m.params), metrics: [] },
  };
}

/** key → value of params or tags, checked: values within MLflow's lengths, no key given two values. */
function keyValues(items: KeyValue[] | undefined, field: "params" | "tags"): Record<string, string> {
  const max = field === "params" ? MAX_PARAM_VALUE_LENGTH : MAX_TAG_VALUE_LENGTH;
  const out: Record<string, string> = {};
  (items ?? []).forEach((kv, i) => {
    if (kv.value.length > max) throw invalidParam(`Invalid value for parameter '${field}[${i}].value': at most ${max} characters`);
    if (field === "params" && kv.key in out && out[kv.key] !== kv.value)
      throw invalidParam(`Duplicate parameter keys have been submitted: '${kv.key}' with values '${out[kv.key]}' and '${kv.value}'`);
    out[kv.key] = kv.value;
  });
  return out;
}

/** The model a request names, with `need` access to its experiment checked, or RESOURCE_DOES_NOT_EXIST. */
async function findModel(sql: Sql, modelId: string, auth: Auth, need: "read" | "write", opts: { forUpdate?: boolean } = {}): Promise<ModelRow> {
  const rows = await sql.query<ModelRow>(`SELECT ${MODEL_COLUMNS} FROM mlflow_logged_models m WHERE m.id = $1 ${opts.forUpdate ? "FOR UPDATE" : ""}`, [
    modelId,
  ]);
  if (!rows.length) throw doesNotExist(`Logged model with ID '${modelId}' not found.`);
  auth.require(rows[0].projectId, need);
  return rows[0];
}

export async function createLoggedModel(
  db: Database,
  opts: { experimentId: string; name?: string; modelType?: string; sourceRunId?: string; params?: KeyValue[]; tags?: KeyValue[]; auth: Auth },
) {
  const experiment = await findExperiment(db, opts.experimentId);
  opts.auth.require(experiment.id, "write");
  if (experiment.deletedAt) throw invalidParam(`The experiment ${experiment.id} must be in the 'active' state. Current state is deleted.`);
  if (opts.sourceRunId) {
    const run = await findMlflowRun(db, opts.sourceRunId);
    if (run.projectId !== experiment.id) throw invalidParam(`Run '${opts.sourceRunId}' is not in experiment ${experiment.id}`);
  }
  const params = keyValues(opts.params, "params");
  const tags = keyValues(opts.tags, "tags");
  const id = `m-${randomBytes(16).toString("hex")}`;
  // MLflow names an unnamed model at random; its id is as unique and as readable here.
  const [row] = await db.sql.query<ModelRow>(
    `INSERT INTO mlflow_logged_models AS m (id, project_id, name, source_run_id, model_type, params, tags)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb) RETURNING ${MODEL_COLUMNS}`,
    [id, experiment.id, opts.name || id, opts.sourceRunId ?? null, opts.modelType ?? null, JSON.stringify(params), JSON.stringify(tags)],
  );
  return { model: modelJson(row) };
}

export async function getLoggedModel(db: Database, opts: { modelId: string; auth: Auth }) {
  return { model: modelJson(await findModel(db.sql, opts.modelId, opts.auth, "read")) };
}

/** Changes a model in one transaction (its row locked, write access checked first); returns the model as it is after. */
async function changeModel(db: Database, modelId: string, auth: Auth, change: (tx: Sql, m: ModelRow) => Promise<void>) {
  const row = await db.sql.transaction(async (tx) => {
    const m = await findModel(tx, modelId, auth, "write", { forUpdate: true });
    await change(tx, m);
    const [after] = await tx.query<ModelRow>(`UPDATE mlflow_logged_models m SET updated_at = now() WHERE m.id = $1 RETURNING ${MODEL_COLUMNS}`, [m.id]);
    return after;
  });
  return { model: modelJson(row) };
}

/** FinalizeLoggedModel: the upload's outcome (READY or UPLOAD_FAILED). */
export async function finalizeLoggedModel(db: Database, opts: { modelId: string; status: LoggedModelStatus; auth: Auth }) {
  if (opts.status !== "LOGGED_MODEL_READY" && opts.status !== "LOGGED_MODEL_UPLOAD_FAILED") {
    throw invalidParam(`Invalid value ${opts.status} for parameter 'status': a model is finalized as LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED`);
  }
  return changeModel(db, opts.modelId, opts.auth, async (tx, m) => {
    await tx.query(`UPDATE mlflow_logged_models SET status = $2 WHERE id = $1`, [m.id, opts.status]);
  });
}

export async function setLoggedModelTags(db: Database, opts: { modelId: string; tags: KeyValue[]; auth: Auth }) {
  const tags = keyValues(opts.tags, "tags");
  await changeModel(db, opts.modelId, opts.auth, async (tx, m) => {
    await tx.query(`UPDATE mlflow_logged_models SET tags = tags || $2::jsonb WHERE id = $1`, [m.id, JSON.stringify(tags)]);
  });
  return {};
}

export async function deleteLoggedModelTag(db: Database, opts: { modelId: string; key: string; auth: Auth }) {
  await changeModel(db, opts.modelId, opts.auth, async (tx, m) => {
    if (!(opts.key in m.tags)) throw doesNotExist(`No tag with key '${opts.key}' on logged model '${m.id}'`);
    await tx.query(`UPDATE mlflow_logged_models SET tags = tags - $2::text WHERE id = $1`, [m.id, opts.key]);
  });
  return {};
}

/** LogLoggedModelParams: params are immutable, as a run's (the same value again is fine). */
export async function logLoggedModelParams(db: Database, opts: { modelId: string; params: KeyValue[]; auth: Auth }) {
  const params = keyValues(opts.params, "params");
  await changeModel(db, opts.modelId, opts.auth, async (tx, m) => {
    for (const [key, value] of Object.entries(params)) {
      const old = m.params[key];
      if (old !== undefined && old !== value)
        throw invalidParam(`Changing param values is not allowed. Param with key='${key}' was already logged with value='${old}' for logged model '${m.id}'.`);
    }
    await tx.query(`UPDATE mlflow_logged_models SET params = params || $2::jsonb WHERE id = $1`, [m.id, JSON.stringify(params)]);
  });
  return {};
}

/** DeleteLoggedModel: the row, then (after the commit) its files. */
export async function deleteLoggedModel(db: Database, opts: { modelId: string; auth: Auth }) {
  const m = await findModel(db.sql, opts.modelId, opts.auth, "write");
  await db.sql.query(`DELETE FROM mlflow_logged_models WHERE id = $1`, [m.id]);
  // A server stopping in between leaves the folder to the orphan sweep (lib/server/mlflow/artifact-sweep.ts).
  await deleteArtifactFolder(m.id);
  return {};
}

const ATTRIBUTE_SQL: Record<string, { expr: string; numeric: boolean }> = {
  name: { expr: "m.name", numeric: false },
  model_id: { expr: "m.id", numeric: false },
  model_type: { expr: "m.model_type", numeric: false },
  source_run_id: { expr: "m.source_run_id", numeric: false },
  status: { expr: "m.status", numeric: false },
  creation_time: { expr: epochMs("m.created_at"), numeric: true },
  last_update_time: { expr: epochMs("m.updated_at"), numeric: true },
};

function targetSql(entity: Clause["entity"], key: string, p: (v: unknown) => string, what: string): { expr: string; numeric: boolean } {
  if (entity === "param") return { expr: `(m.params ->> ${p(key)})`, numeric: false };
  if (entity === "tag") return { expr: `(m.tags ->> ${p(key)})`, numeric: false };
  const attribute = entity === "attribute" ? ATTRIBUTE_SQL[key] : undefined;
  if (attribute) return attribute;
  throw invalidParam(
    `Invalid ${what} for logged models: '${entity}.${key}' (name, model_id, model_type, source_run_id, status, creation_timestamp, last_updated_timestamp, params.<key>, tags.<key>; Anneal keeps no metrics per model)`,
  );
}

/**
 * SearchLoggedModels over the named experiments: the filter subset of lib/mlflow/search-filter.ts on
 * the model's attributes, params and tags; order_by on attributes (default: newest first);
 * max_results and page_token paging. `set_active_model(name=…)` finds its model with `name = '…'`.
 */
export async function searchLoggedModels(
  db: Database,
  opts: {
    experimentIds: string[];
    filter?: string;
    orderBy?: { field_name: string; ascending?: boolean }[];
    maxResults?: number;
    pageToken?: string;
    auth: Auth;
  },
) {
  if (!opts.experimentIds.length) throw invalidParam("Missing value for required parameter 'experiment_ids'.");
  const limit = maxResults(opts.maxResults, SEARCH_LOGGED_MODELS_DEFAULT, SEARCH_LOGGED_MODELS_MAX);
  const offset = decodePageToken(opts.pageToken);
  const projects = opts.experimentIds.map(parseExperimentId);
  for (const id of projects) opts.auth.require(id, "read");
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = [`m.project_id = ANY(${p(projects)}::int[])`];
  for (const c of parseFilter(opts.filter)) where.push(compareClause(targetSql(c.entity, c.key, p, "filter"), c.op, c.value, p));
  const order = (opts.orderBy ?? []).map((o) => {
    const key = o.field_name.replace(/^attributes\./, "");
    const column = ATTRIBUTE_SQL[key === "creation_timestamp" ? "creation_time" : key === "last_updated_timestamp" ? "last_update_time" : key];
    if (!column) throw invalidParam(`Invalid order_by for logged models: '${o.field_name}' (name, model_id, creation_timestamp, last_updated_timestamp, …)`);
    return `${column.expr} ${o.ascending === false ? "DESC" : "ASC"}`;
  });
  const rows = await db.sql.query<ModelRow>(
    `SELECT ${MODEL_COLUMNS} FROM mlflow_logged_models m WHERE ${where.join(" AND ")}
      ORDER BY ${[...order, "m.created_at DESC", "m.id ASC"].join(", ")} LIMIT ${p(limit + 1)} OFFSET ${p(offset)}`,
    params,
  );
  return {
    models: rows.slice(0, limit).map(modelJson),
    ...(rows.length > limit ? { next_page_token: encodePageToken(offset + limit) } : {}),
  };
}
