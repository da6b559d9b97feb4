import "server-only";
import type { Sql } from "@/lib/db/sql";
import { ACTIVITY_EVENT_TYPES, type ProjectEvent } from "@/lib/events/event-types";

interface EventRow {
  id: string;
  project_id: number;
  type: string;
  run_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  data: unknown;
  created_at: Date | string;
}

/**
 * The id goes out as text (a bigint in JSON). Its alias shadows the column in ORDER BY, which would
 * then sort the text ("9" after "10"): order by `project_events.id`, the number.
 */
const COLUMNS = `id::text AS id, project_id, type, run_id, actor_id, actor_name, data, created_at`;

export function eventFromRow(r: EventRow): ProjectEvent {
  return {
    id: r.id,
    projectId: r.project_id,
    type: r.type as ProjectEvent["type"],
    runId: r.run_id,
    actor: r.actor_id === null ? null : { id: r.actor_id, name: r.actor_name ?? r.actor_id },
    data: (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as ProjectEvent["data"],
    at: new Date(r.created_at).toISOString(),
  };
}

export async function readEventById(sql: Sql, id: string): Promise<ProjectEvent | null> {
  const rows = await sql.query<EventRow>(`SELECT ${COLUMNS} FROM project_events WHERE id = $1::bigint`, [id]);
  return rows.length ? eventFromRow(rows[0]) : null;
}

/** A project's events after `afterId` in id order, at most `limit`. */
export async function readEventsAfter(sql: Sql, opts: { projectId: number; afterId: string; limit: number }): Promise<ProjectEvent[]> {
  const rows = await sql.query<EventRow>(
    `SELECT ${COLUMNS} FROM project_events WHERE project_id = $1 AND id > $2::bigint ORDER BY project_events.id LIMIT $3`,
    [opts.projectId, opts.afterId, opts.limit],
  );
  return rows.map(eventFromRow);
}

/**
 * The activity feed's page: a project's activity events, newest first, before `beforeId`. Runs
 * created by an import are one import.completed line, not one line each.
 */
export async function readActivity(sql: Sql, opts: { projectId: number; beforeId: string | null; limit: number }): Promise<ProjectEvent[]> {
  const rows = await sql.query<EventRow>(
    `SELECT ${COLUMNS} FROM project_events
      WHERE project_id = $1 AND type = ANY($2::text[]) AND ($3::bigint IS NULL OR id < $3::bigint)
        AND NOT (type = 'run.created' AND data ? 'imported')
      ORDER BY project_events.id DESC LIMIT $4`,
    [opts.projectId, ACTIVITY_EVENT_TYPES, opts.beforeId, opts.limit],
  );
  return rows.map(eventFromRow);
}

/** The newest event id of a project ("0" when none): a stream that resumes from nothing starts here. */
export async function latestEventId(sql: Sql, projectId: number): Promise<string> {
  const rows = await sql.query<{ id: string | null }>(`SELECT max(id)::text AS id FROM project_events WHERE project_id = $1`, [projectId]);
  return rows[0]?.id ?? "0";
}
