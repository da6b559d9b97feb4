import "server-only";
import type { Sql } from "@/lib/db/sql";
import type { Actor, EventData, EventType } from "@/lib/events/event-types";
import { EVENT_DATA } from "@/lib/schemas/events";

/** The NOTIFY channel every app instance LISTENs on. */
export const EVENTS_CHANNEL = "anneal_events";

/**
 * NOTIFY payloads are limited to 8,000 bytes: a larger event is announced by id only and the
 * listeners read it from the table.
 */
const MAX_NOTIFY_BYTES = 7_900;

export interface PublishInput<T extends EventType> {
  projectId: number;
  type: T;
  data: EventData[T];
  runId?: string | null;
  actor?: Actor | null;
}

/**
 * The CTEs that record an event and notify every instance: `event_row` inserts it (once per row of
 * `from`, a CTE of the caller's statement, when given: a guarded write publishes only if it
 * happened), `event_notified` notifies and yields its id. The statement must read
 * `event_notified` for the notification to be sent. Parameters from $first (eventParams).
 */
export function eventCtes(first: number, from?: string): string {
  const $ = (i: number) => `$${first + i}`;
  return `event_row AS (
       INSERT INTO project_events (project_id, type, run_id, actor_id, actor_name, data)
       SELECT ${$(0)}::int, ${$(1)}::text, ${$(2)}::text, ${$(3)}::text, ${$(4)}::text, ${$(5)}::jsonb${from ? ` FROM ${from}` : ""}
       RETURNING id, project_id, type, run_id, actor_id, actor_name, data, created_at
     ), event_json AS (
       SELECT e.id, e.project_id, json_build_object(
                'id', e.id::text, 'projectId', e.project_id, 'type', e.type, 'runId', e.run_id,
                'actor', CASE WHEN e.actor_id IS NULL THEN NULL ELSE json_build_object('id', e.actor_id, 'name', e.actor_name) END,
                'data', e.data, 'at', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text AS payload
         FROM event_row e
     ), event_notified AS (
       SELECT j.id::text AS id,
              pg_notify('${EVENTS_CHANNEL}', CASE WHEN octet_length(j.payload) <= ${MAX_NOTIFY_BYTES} THEN j.payload
                                                 ELSE json_build_object('id', j.id::text, 'projectId', j.project_id, 'ref', true)::text END)
         FROM event_json j
     )`;
}

/** eventCtes' parameters, in order. The data is checked against its type's schema: a malformed event is never recorded. */
export function eventParams<T extends EventType>(input: PublishInput<T>): unknown[] {
  const data: unknown = EVENT_DATA[input.type].parse(input.data);
  return [input.projectId, input.type, input.runId ?? null, input.actor?.id ?? null, input.actor?.name ?? null, JSON.stringify(data)];
}

/**
 * Records an event and notifies every instance, in one statement. Called with a transaction, the
 * event is part of the write that caused it: NOTIFY is delivered at commit, and not at all on
 * rollback. Returns the event id (the SSE `id:`).
 */
export async function publishEvent<T extends EventType>(sql: Sql, input: PublishInput<T>): Promise<string> {
  const rows = await sql.query<{ id: string }>(`WITH ${eventCtes(1)} SELECT id FROM event_notified`, eventParams(input));
  return rows[0].id;
}
