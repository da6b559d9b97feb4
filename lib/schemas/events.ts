import { z } from "zod";
import { LIVE_EVENT_TYPES, RECORD_EVENT_TYPES, type EventType, type LiveEventType } from "@/lib/events/event-types";
import type { LiveActor, LiveEventData } from "@/lib/events/live-event";
import { ZIsoTime } from "./wire";
import { NONFINITE_SPELLINGS } from "./wire-number";

/**
 * What each event type carries in `data`: the one definition (lib/events/event-types.ts takes its
 * types from here). The server checks an event's data against its type's schema before recording
 * it (publish-event.ts) and the activity feed's answers are checked against them. The browser
 * reads live events with zod-free guards that must match them (see the end of this file).
 */

export const ZActor = z.strictObject({
  /** A user id, "key:<id>" for an API key, "local" for the single user of a local server, "system" for the server itself. */
  id: z.string(),
  name: z.string(),
});

/** Fields of run.updated: what changed (only the fields present changed). */
export const ZRunChanges = z.strictObject({
  status: z.string().optional(),
  /** The status before, for transitions (running → finished, running → crashed). */
  previousStatus: z.string().optional(),
  review: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  name: z.string().optional(),
  notes: z.string().nullable().optional(),
});

export const ZCommentEventData = z.strictObject({
  commentId: z.string(),
  /** The thread's root (itself for a root comment). */
  threadId: z.string(),
  runId: z.string().nullable(),
  runName: z.string().nullable().optional(),
  comparisonId: z.string().nullable(),
  anchor: z.strictObject({ key: z.string(), x: z.number(), axis: z.string() }).nullable(),
  /** Mentioned identities. */
  mentions: z.array(z.string()),
  /** The first characters of the body, for the feed and notifications (plain Markdown source). */
  excerpt: z.string(),
});

const run = { runId: z.string(), name: z.string() };
const member = { userId: z.string(), name: z.string() };

export const EVENT_DATA = {
  "run.created": z.strictObject({ ...run, status: z.string(), imported: z.boolean().optional() }),
  "run.updated": z.strictObject({ ...run, changes: ZRunChanges }),
  "run.deleted": z.strictObject(run),
  "metrics.appended": z.strictObject({
    runId: z.string(),
    keys: z.array(z.string()),
    lastStep: z.number().nullable(),
    firstStep: z.number().nullable(),
    /** The points themselves, per key, when the batch is small (lib/events/appended-points.ts). */
    points: z
      .record(
        z.string(),
        z.strictObject({ after: z.number(), steps: z.array(z.number()), values: z.array(z.union([z.number(), z.enum(NONFINITE_SPELLINGS)])) }),
      )
      .optional(),
  }),
  "comment.created": ZCommentEventData,
  "comment.updated": ZCommentEventData,
  "comment.deleted": ZCommentEventData,
  "comparison.saved": z.strictObject({ comparisonId: z.string(), name: z.string(), created: z.boolean() }),
  "comparison.deleted": z.strictObject({ comparisonId: z.string(), name: z.string() }),
  "import.completed": z.strictObject({ runs: z.array(z.strictObject({ id: z.string(), name: z.string() })), format: z.string().nullable() }),
  "key.created": z.strictObject({ keyId: z.number(), name: z.string().nullable(), scope: z.string() }),
  "key.revoked": z.strictObject({ keyId: z.number(), name: z.string().nullable() }),
  "member.added": z.strictObject({ ...member, role: z.string() }),
  "member.changed": z.strictObject({ ...member, role: z.string() }),
  "member.removed": z.strictObject(member),
  "alert.changed": z.strictObject({ alertId: z.number(), name: z.string(), action: z.enum(["created", "updated", "deleted"]) }),
} satisfies Record<EventType, z.ZodType>;

/** One event as stored and listed in the activity feed, its data checked against its type's schema. */
function eventOf<T extends EventType>(type: T) {
  return z.strictObject({
    id: z.string(),
    projectId: z.number(),
    type: z.literal(type),
    runId: z.string().nullable(),
    actor: ZActor.nullable(),
    data: EVENT_DATA[type],
    at: ZIsoTime,
  });
}
const [first, ...rest] = [...LIVE_EVENT_TYPES, ...RECORD_EVENT_TYPES].map(eventOf);
export const ZProjectEvent = z.discriminatedUnion("type", [first, ...rest]);

/** The check a live event's `data:` gets, the event's data plus who did it and when (as lib/server/events/event-stream.ts sends it). */
export function streamedEventSchema(type: LiveEventType) {
  return EVENT_DATA[type].extend({ actor: ZActor.nullable(), at: ZIsoTime });
}

// The browser reads live events with zod-free guards (lib/events/live-event.ts: zod on every
// project page cost the compare page 32 KB gzipped). They must read exactly the shapes above;
// a guard that drifts from its schema names its event type in a type error here.
// (Equal, not just assignable both ways: that would miss an optional field one side lacks.)
type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
type Pairs = { [T in LiveEventType]: [LiveEventData[T], z.output<(typeof EVENT_DATA)[T]>] } & { actor: [LiveActor, z.output<typeof ZActor>] };
type Drifted = { [K in keyof Pairs]: Same<Pairs[K][0], Pairs[K][1]> extends true ? never : K }[keyof Pairs];
type NoneOf<T extends never> = T;
export type LiveGuardsMatchSchemas = NoneOf<Drifted>;
