/**
 * The project event stream's vocabulary (GET /api/v1/projects/{slug}/events, and the activity feed
 * read from the same log). Pure: the server publishes these, the browser reacts to them.
 */

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

export interface Actor {
  /** A user id, "key:<id>" for an API key, "local" for the single user of a local server, "system" for the server itself. */
  id: string;
  name: string;
}

/** Fields of run.updated: what changed (only the fields present changed). */
export interface RunChanges {
  status?: string;
  /** The status before, for transitions (running → finished, running → crashed). */
  previousStatus?: string;
  review?: string | null;
  tags?: string[];
  name?: string;
  notes?: string | null;
}

export interface EventData {
  "run.created": { runId: string; name: string; status: string; imported?: boolean };
  "run.updated": { runId: string; name: string; changes: RunChanges };
  "run.deleted": { runId: string; name: string };
  "metrics.appended": { runId: string; keys: string[]; lastStep: number | null; firstStep: number | null };
  "comment.created": CommentEventData;
  "comment.updated": CommentEventData;
  "comment.deleted": CommentEventData;
  "comparison.saved": { comparisonId: string; name: string; created: boolean };
  "comparison.deleted": { comparisonId: string; name: string };
  "import.completed": { runs: { id: string; name: string }[]; format: string | null };
  "key.created": { keyId: number; name: string | null; scope: string };
  "key.revoked": { keyId: number; name: string | null };
  "member.added": { userId: string; name: string; role: string };
  "member.changed": { userId: string; name: string; role: string };
  "member.removed": { userId: string; name: string };
  "alert.changed": { alertId: number; name: string; action: "created" | "updated" | "deleted" };
}

// A type, not an interface: an event's data is a JSON object (index signature) in the API's schema.
export type CommentEventData = {
  commentId: string;
  /** The thread's root (itself for a root comment). */
  threadId: string;
  runId: string | null;
  runName?: string | null;
  comparisonId: string | null;
  anchor: { key: string; x: number; axis: string } | null;
  /** Mentioned identities. */
  mentions: string[];
  /** The first characters of the body, for the feed and notifications (plain Markdown source). */
  excerpt: string;
};

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
