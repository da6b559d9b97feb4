import "server-only";
import type { Database } from "@/lib/db/client";
import { invalidParam } from "@/lib/mlflow/errors";
import { decodePageToken, encodePageToken, maxResults } from "@/lib/mlflow/page-token";
import { parseFilter, parseOrderBy, type Clause, type OrderBy } from "@/lib/mlflow/search-filter";
import { NOTE_TAG, RUN_NAME_TAG, USER_TAG } from "@/lib/mlflow/tags";
import type { Auth } from "@/lib/server/auth/auth";
import { parseExperimentId } from "./find-experiment";
import { RUN_COLUMNS, runJson, type MlflowRunRow } from "./run-json";
import { compareClause, epochMs } from "./string-clause";

/** MLflow's SEARCH_MAX_RESULTS_DEFAULT and SEARCH_MAX_RESULTS_THRESHOLD. */
export const SEARCH_RUNS_DEFAULT = 1000;
export const SEARCH_RUNS_MAX = 50_000;

type Param = (v: unknown) => string;

/** SQL for a run attribute, and whether it compares as a number. */
function attributeSql(key: string): { expr: string; numeric: boolean } {
  switch (key) {
    case "run_id":
      return { expr: "r.id", numeric: false };
    case "run_name":
      return { expr: "r.name", numeric: false };
    case "status":
      // Anneal's stored statuses are MLflow's in lower case.
      return { expr: "upper(r.status)", numeric: false };
    case "user_id":
      return { expr: `(r.mlflow_tags ->> '${USER_TAG}')`, numeric: false };
    case "artifact_uri":
      return { expr: `('mlflow-artifacts:/' || r.project_id || '/' || r.id || '/artifacts')`, numeric: false };
    case "lifecycle_stage":
      return { expr: `(CASE WHEN r.deleted_at IS NULL THEN 'active' ELSE 'deleted' END)`, numeric: false };
    case "start_time":
      return { expr: epochMs("r.started_at"), numeric: true };
    case "end_time":
      return { expr: epochMs("r.ended_at"), numeric: true };
  }
  throw invalidParam(`Invalid attribute for runs: '${key}' (run_id, run_name, status, user_id, start_time, end_time, artifact_uri, lifecycle_stage)`);
}

/** SQL for an entity's value: metrics compare their latest value, params and tags their strings. */
function entitySql(entity: Clause["entity"], key: string, p: Param): { expr: string; numeric: boolean } {
  switch (entity) {
    case "metric":
      return { expr: `(r.metric_stats -> ${p(key)} ->> 'last')::float8`, numeric: true };
    case "param":
      // Runs logged through Anneal's own API have no MLflow params: their config stands in (dots as nesting).
      return { expr: `COALESCE(r.mlflow_params ->> ${p(key)}, r.config #>> ${p(key.split("."))}::text[])`, numeric: false };
    case "tag":
      if (key === RUN_NAME_TAG) return { expr: "r.name", numeric: false };
      if (key === NOTE_TAG) return { expr: "r.notes", numeric: false };
      return { expr: `(r.mlflow_tags ->> ${p(key)})`, numeric: false };
    case "attribute":
      return attributeSql(key);
  }
}

const clauseSql = (c: Clause, p: Param): string => compareClause(entitySql(c.entity, c.key, p), c.op, c.value, p);

function orderSql(o: OrderBy, p: Param): string {
  return `${entitySql(o.entity, o.key, p).expr} ${o.ascending ? "ASC" : "DESC"} NULLS LAST`;
}

/**
 * MLflow's SearchRuns over the named experiments: the filter subset of lib/mlflow/search-filter.ts,
 * order_by (default: newest first), max_results and page_token paging. Metric filters compare
 * the latest value (the value at the highest step).
 */
export async function searchRuns(
  db: Database,
  opts: { experimentIds?: string[]; filter?: string; viewType?: string; maxResults?: number; orderBy?: string[]; pageToken?: string; auth: Auth },
) {
  const ids = (opts.experimentIds ?? []).map(parseExperimentId);
  for (const id of ids) opts.auth.require(id, "read");
  if (!ids.length) return { runs: [] };
  const limit = maxResults(opts.maxResults, SEARCH_RUNS_DEFAULT, SEARCH_RUNS_MAX);
  const offset = decodePageToken(opts.pageToken);
  const params: unknown[] = [];
  const p: Param = (v) => `$${params.push(v)}`;
  const where = [`r.project_id = ANY(${p(ids)}::int[])`];
  const view = opts.viewType ?? "ACTIVE_ONLY";
  if (view === "ACTIVE_ONLY") where.push("r.deleted_at IS NULL");
  else if (view === "DELETED_ONLY") where.push("r.deleted_at IS NOT NULL");
  for (const c of parseFilter(opts.filter)) where.push(clauseSql(c, p));
  const order = [...parseOrderBy(opts.orderBy).map((o) => orderSql(o, p)), "r.started_at DESC", "r.id ASC"];
  const rows = await db.sql.query<MlflowRunRow>(
    `SELECT ${RUN_COLUMNS} FROM runs r WHERE ${where.join(" AND ")} ORDER BY ${order.join(", ")} LIMIT ${p(limit + 1)} OFFSET ${p(offset)}`,
    params,
  );
  return {
    runs: rows.slice(0, limit).map(runJson),
    ...(rows.length > limit ? { next_page_token: encodePageToken(offset + limit) } : {}),
  };
}
