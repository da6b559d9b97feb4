/**
 * The project event stream's vocabulary (GET /api/v1/projects/{slug}/events, and the activity feed
 * read from the same log). Pure: the server publishes these, the browser reacts to them.
 */
import type { z } from "zod";
import type { EVENT_DATA, ZActor, ZCommentEventData, ZRunChanges } from "@/lib/schemas/events";

/** Events sent to live pages. */
export const LIVE_EVENT_TYPES = [
  "run.created",
  "run.updated",
  "run.deleted",
  "metrics.appended",
  "comment.created",
  "comment.updated",
  "comment.deleted",
  "comparison.saved",
  "comparison.deleted",
] as const;

/** Events only the activity feed shows (nothing on screen changes with them). */
export const RECORD_EVENT_TYPES = [
  "import.completed",
  "key.created",
  "key.revoked",
  "member.added",
  "member.changed",
  "member.removed",
  "alert.changed",
] as const;

/** What the activity feed lists: who did what, not every appended point. */
export const ACTIVITY_EVENT_TYPES: readonly EventType[] = [
  "run.created",
  "run.updated",
  "run.deleted",
  "comment.created",
  "comparison.saved",
  "comparison.deleted",
  ...RECORD_EVENT_TYPES,
];

export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];
export type EventType = LiveEventType | (typeof RECORD_EVENT_TYPES)[number];

// The data each event type carries is defined once, by the schemas in lib/schemas/events.ts.
export type Actor = z.output<typeof ZActor>;
/** Fields of run.updated: what changed (only the fields present changed). */
export type RunChanges = z.output<typeof ZRunChanges>;
export type CommentEventData = z.output<typeof ZCommentEventData>;
export type EventData = { [T in EventType]: z.output<(typeof EVENT_DATA)[T]> };

/** One event as stored, streamed (`id:` = id) and listed in the activity feed. */
export interface ProjectEvent<T extends EventType = EventType> {
  id: string;
  projectId: number;
  type: T;
  runId: string | null;
  actor: Actor | null;
  data: EventData[T];
  at: string;
}

export function isLiveEventType(type: string): type is LiveEventType {
  return (LIVE_EVENT_TYPES as readonly string[]).includes(type);
}
