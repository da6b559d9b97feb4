import { z } from "zod";
import { LIVE_EVENT_TYPES, RECORD_EVENT_TYPES } from "@/lib/events/event-types";
import { ZIsoTime } from "./wire";

export const MAX_ACTIVITY_PAGE = 200;

export const ZActivityQuery = z.object({
  /** An event id from a previous page's `nextBefore`. */
  before: z
    .string()
    .regex(/^\d{1,18}$/, "an event id")
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_ACTIVITY_PAGE).default(50),
});

/** One event as stored, streamed (`id:` = id) and listed in the activity feed (lib/events/event-types.ts). */
export const ZProjectEvent = z.strictObject({
  id: z.string(),
  projectId: z.number(),
  type: z.enum([...LIVE_EVENT_TYPES, ...RECORD_EVENT_TYPES]),
  runId: z.string().nullable(),
  actor: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  /** The type's fields (EventData in lib/events/event-types.ts). */
  data: z.looseObject({}),
  at: ZIsoTime,
});

export const ZActivityPage = z.strictObject({ events: z.array(ZProjectEvent), nextBefore: z.string().nullable() });

// EventSource can't send headers: ?lastEventId= is for clients that resume by hand (curl, scripts).
export const ZEventsQuery = z.object({ lastEventId: z.string().max(20).optional() });
