import "server-only";
import type { Database } from "@/lib/db/client";
import { invalidParam } from "@/lib/mlflow/errors";
import { decodePageToken, encodePageToken, maxResults } from "@/lib/mlflow/page-token";
import { parseFilter, parseOrderBy } from "@/lib/mlflow/search-filter";
import type { Auth } from "@/lib/server/auth/auth";
import { EXPERIMENT_COLUMNS, experimentJson, type ExperimentRow } from "./experiment-view";
import { ensureDefaultExperiment } from "./find-experiment";
import { stringClause } from "./string-clause";

/** MLflow's defaults for SearchExperiments (mlflow/store/tracking/__init__.py). */
export const SEARCH_EXPERIMENTS_DEFAULT = 1000;
export const SEARCH_EXPERIMENTS_MAX = 50_000;

const ATTRIBUTE_COLUMNS: Record<string, string> = {
  name: "p.name",
  experiment_id: "p.id",
  creation_time: "p.created_at",
  last_update_time: "p.updated_at",
};

/**
 * MLflow's SearchExperiments (and the 1.x ListExperiments): filter on `name`/`attributes.name`
 * (=, !=, LIKE, ILIKE) and `tags.<key>`, order by name, experiment_id, creation_time or
 * last_update_time. A key-authenticated client sees only its key's project.
 */
export async function searchExperiments(
  db: Database,
  opts: { filter?: string; orderBy?: string[]; viewType?: string; maxResults?: number; pageToken?: string; auth: Auth },
) {
  await ensureDefaultExperiment(db);
  const limit = maxResults(opts.maxResults, SEARCH_EXPERIMENTS_DEFAULT, SEARCH_EXPERIMENTS_MAX);
  const offset = decodePageToken(opts.pageToken);
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  const view = opts.viewType ?? "ACTIVE_ONLY";
  if (view === "ACTIVE_ONLY") where.push("p.deleted_at IS NULL");
  else if (view === "DELETED_ONLY") where.push("p.deleted_at IS NOT NULL");
  const readable = opts.auth.readableProjects();
  if (readable !== "all") where.push(`p.id = ANY(${p(readable)}::int[])`);
  for (const c of parseFilter(opts.filter)) {
    if (c.entity === "tag") {
      where.push(stringClause(`p.mlflow_tags ->> ${p(c.key)}`, c.op, c.value, p));
    } else if (c.entity === "attribute" && c.key === "name") {
      where.push(stringClause("p.name", c.op, c.value, p));
    } else {
      throw invalidParam(`Invalid filter for experiments: '${c.entity}.${c.key}' (use name, attributes.name or tags.<key>)`);
    }
  }
  const order = parseOrderBy(opts.orderBy).map((o) => {
    const column = ATTRIBUTE_COLUMNS[o.key];
    if (o.entity !== "attribute" || !column)
      throw invalidParam(`Invalid order_by for experiments: '${o.key}' (name, experiment_id, creation_time, last_update_time)`);
    return `${column} ${o.ascending ? "ASC" : "DESC"}`;
  });
  const rows = await db.sql.query<ExperimentRow>(
    `SELECT ${EXPERIMENT_COLUMNS} FROM projects p ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY ${[...order, "p.created_at DESC", "p.id ASC"].join(", ")} LIMIT ${p(limit + 1)} OFFSET ${p(offset)}`,
    params,
  );
  const page = rows.slice(0, limit);
  return {
    experiments: page.map(experimentJson),
    ...(rows.length > limit ? { next_page_token: encodePageToken(offset + limit) } : {}),
  };
}
