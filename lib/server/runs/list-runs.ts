import "server-only";
import type { Database } from "@/lib/db/client";
import type { TListRuns } from "@/lib/schemas/runs";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { REVIEW_ORDER } from "@/lib/review/review-status";
import { RUN_ROW_COLUMNS, runSummaryView, type MetricStats, type RunRow } from "./run-view";
import { crashCutoff, viewStatusSql } from "./crash-rule";

type Row = RunRow & { mainStats: MetricStats | null; total: string };

/**
 * The runs table: one SQL query with filters, sort and offset pagination (the count comes from a
 * window function, so the page and the total are read together).
 */
export async function listRuns(db: Database, q: TListRuns, now = new Date()) {
  const project = await db.prisma.project.findUnique({ where: { slug: q.project } });
  if (!project) throw notFound(`Project '${q.project}'`);
  const cutoff = crashCutoff(now);
  const params: unknown[] = [project.id, cutoff];
  const p = (v: unknown) => `$${params.push(v)}`;
  const status = viewStatusSql("r", "$2");
  // Runs deleted through the MLflow API are soft-deleted (restorable there): not listed.
  const where = ["r.project_id = $1", "r.deleted_at IS NULL"];
  if (q.status) where.push(`${status} = ${p(q.status)}`);
  if (q.tag) where.push(`${p(q.tag)} = ANY(r.tags)`);
  if (q.review) where.push(q.review === "none" ? "r.review IS NULL" : `r.review = ${p(q.review)}`);
  if (q.q) {
    const like = p(`%${q.q.replace(/[\\%_]/g, (c) => "\\" + c)}%`);
    where.push(`(r.name ILIKE ${like} OR r.notes ILIKE ${like} OR EXISTS (SELECT 1 FROM unnest(r.tags) t WHERE t ILIKE ${like}))`);
  }
  const mainKey = p(project.mainMetric);
  const { expr, defaultOrder } = sortExpression(q.sort, { status, mainKey, mode: project.mainMetricMode, p });
  const order = (q.order ?? defaultOrder) === "asc" ? "ASC" : "DESC";
  const offset = decodeCursor(q.cursor);
  // The derived status is selected even when no filter or sort uses it: that keeps $2 typed.
  const rows = await db.sql.query<Row>(
    `SELECT ${RUN_ROW_COLUMNS}, r.metric_stats -> ${mainKey} AS "mainStats",
            ${status} AS "derivedStatus", count(*) OVER () AS total
       FROM runs r WHERE ${where.join(" AND ")}
      ORDER BY ${expr} ${order} NULLS LAST, r.id ${order}
      LIMIT ${p(q.limit)} OFFSET ${p(offset)}`,
    params,
  );
  const total = rows.length ? Number(rows[0].total) : 0;
  return {
    runs: rows.map((r) => runSummaryView(r, project, r.mainStats ?? undefined, cutoff)),
    nextCursor: offset + rows.length < total ? encodeCursor(offset + rows.length) : null,
    total,
  };
}

function sortExpression(sort: string, ctx: { status: string; mainKey: string; mode: string; p: (v: unknown) => string }) {
  switch (sort) {
    case "startedAt":
      return { expr: "r.started_at", defaultOrder: "desc" };
    case "name":
      return { expr: "r.name", defaultOrder: "asc" };
    case "status":
      return { expr: ctx.status, defaultOrder: "asc" };
    case "best":
      return {
        expr: `(r.metric_stats -> ${ctx.mainKey} ->> '${ctx.mode === "min" ? "min" : "max"}')::float8`,
        defaultOrder: ctx.mode === "min" ? "asc" : "desc",
      };
    case "lastStep":
      return { expr: "r.last_step", defaultOrder: "desc" };
    case "duration":
      return { expr: "(COALESCE(r.ended_at, r.last_activity_at) - r.started_at)", defaultOrder: "desc" };
    case "review":
      return { expr: `array_position(${ctx.p(REVIEW_ORDER)}::text[], r.review)`, defaultOrder: "asc" };
  }
  const [, kind, path] = /^(config|summary)\.(.+)$/.exec(sort)!;
  if (kind === "config") return { expr: `(r.config #> ${ctx.p(path.split("."))}::text[])`, defaultOrder: "desc" };
  const key = ctx.p(path);
  return { expr: `COALESCE(r.summary -> ${key}, r.metric_stats -> ${key} -> 'last')`, defaultOrder: "desc" };
}

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!m) throw new ApiError("invalid_argument", "Invalid cursor", [{ path: "query.cursor", message: "use nextCursor from a previous page" }]);
  return Number(m[1]);
}
