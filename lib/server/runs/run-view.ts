import "server-only";
import type { Database } from "@/lib/db/client";
import { publicUrl } from "@/lib/server/env";
import { isReviewStatus } from "@/lib/review/review-status";
import { isLrKey } from "@/lib/metrics/lr-keys";
import { runPath } from "@/lib/review/paths";
import { crashCutoff, viewStatus } from "./crash-rule";

/** Stats kept per metric key in runs.metric_stats (non-finite numbers as their wire strings). */
export interface MetricStats {
  count: number;
  stepLo: number;
  stepHi: number;
  last: number | string;
  lastStep: number;
  min: number | null;
  minStep: number | null;
  max: number | null;
  maxStep: number | null;
  nonFinite: number;
}

export interface RunRow {
  id: string;
  name: string;
  status: string;
  config: unknown;
  tags: string[];
  group: string | null;
  notes: string | null;
  externalId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  lastHeartbeatAt: Date | null;
  lastActivityAt: Date;
  lastStep: bigint | number | string | null;
  review: string | null;
  reviewedAt: Date | null;
  reviewedBy: string | null;
}

/** The columns of a RunRow, for a plain SQL read of `runs r` (names as RunRow spells them). */
export const RUN_ROW_COLUMNS = `r.id, r.name, r.status, r.config, r.tags, r."group", r.notes, r.external_id AS "externalId",
  r.started_at AS "startedAt", r.ended_at AS "endedAt", r.last_heartbeat_at AS "lastHeartbeatAt",
  r.last_activity_at AS "lastActivityAt", r.last_step AS "lastStep", r.review, r.reviewed_at AS "reviewedAt", r.reviewed_by AS "reviewedBy"`;

export interface ProjectRef {
  slug: string;
  mainMetric: string;
  mainMetricMode: string;
}

/** A run read with readRunsWithProject: its row, the asked extra columns, its project's id and the project the views name. */
export type RunWithProject<Extra> = RunRow & Extra & { projectId: number; project: ProjectRef };

/**
 * Runs by id with their projects, in one plain query: RunRow's columns plus `extra` (more columns
 * of `runs r`, aliased as `Extra` names them) — not the ORM's whole rows with their MLflow JSON.
 * In no particular order; runs that don't exist are absent.
 */
export async function readRunsWithProject<Extra>(db: Database, ids: readonly string[], extra: string): Promise<RunWithProject<Extra>[]> {
  const rows = await db.sql.query<RunRow & Extra & { projectId: number } & ProjectRef>(
    `SELECT ${RUN_ROW_COLUMNS}, ${extra}, r.project_id AS "projectId", p.slug, p.main_metric AS "mainMetric", p.main_metric_mode AS "mainMetricMode"
       FROM runs r JOIN projects p ON p.id = r.project_id WHERE r.id = ANY($1::text[])`,
    [[...ids]],
    { prepare: true },
  );
  // The rest of a generic row is an Omit<> TypeScript can't see is still RunRow & Extra.
  return rows.map(({ slug, mainMetric, mainMetricMode, ...run }) => ({ ...run, project: { slug, mainMetric, mainMetricMode } }) as RunWithProject<Extra>);
}

export function runUrl(projectSlug: string, runId: string): string {
  return pageUrl(runPath(projectSlug, runId));
}

/** An absolute link to a page of this server (ANNEAL_PUBLIC_URL, else http://HOST:PORT). */
export function pageUrl(path: string): string {
  return `${publicUrl().href.replace(/\/?$/, "/")}${path.replace(/^\//, "")}`;
}

const num = (v: bigint | number | string | null): number | null => (v === null ? null : Number(v));

/** Whether a higher value is better, for metrics other than the project's main one. */
export function defaultMode(key: string, project: ProjectRef): "max" | "min" {
  if (key === project.mainMetric) return project.mainMetricMode === "min" ? "min" : "max";
  return isLrKey(key) || /loss|err|perplexity|ppl|time|^wer|^cer/i.test(key) ? "min" : "max";
}

export function bestOf(stats: MetricStats | undefined, mode: "max" | "min") {
  if (!stats) return null;
  const value = mode === "max" ? stats.max : stats.min;
  return value === null ? null : { value, step: mode === "max" ? stats.maxStep : stats.minStep };
}

/**
 * The fields the runs table and the run page share. `crashedBefore` is the crash cutoff
 * (crash-rule.ts); a list passes the one its query filtered and sorted with.
 */
export function runSummaryView(row: RunRow, project: ProjectRef, mainStats?: MetricStats, crashedBefore = crashCutoff()) {
  const config = (row.config ?? {}) as Record<string, unknown>;
  const end = row.endedAt ?? row.lastActivityAt;
  return {
    id: row.id,
    name: row.name,
    project: project.slug,
    url: runUrl(project.slug, row.id),
    status: viewStatus(row, crashedBefore),
    config,
    tags: row.tags,
    group: row.group,
    notes: row.notes,
    externalId: row.externalId,
    optimizer: pick(config, "optimizer"),
    lr: pick(config, "lr"),
    schedule: pick(config, "schedule"),
    batchSize: pick(config, "batch_size"),
    best: {
      metric: project.mainMetric,
      mode: project.mainMetricMode === "min" ? ("min" as const) : ("max" as const),
      ...(bestOf(mainStats, project.mainMetricMode === "min" ? "min" : "max") ?? { value: null, step: null }),
    },
    lastStep: num(row.lastStep),
    review: isReviewStatus(row.review) ? row.review : null,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    reviewedBy: row.reviewedBy,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    lastHeartbeatAt: row.lastHeartbeatAt?.toISOString() ?? null,
    durationSeconds: Math.max(0, (end.getTime() - row.startedAt.getTime()) / 1000),
  };
}

function pick(config: Record<string, unknown>, key: string): unknown {
  const v = config[key];
  return v === undefined ? null : v;
}
