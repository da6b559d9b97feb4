import { z } from "zod";
import { ZProjectEvent } from "./events";

export const MAX_ACTIVITY_PAGE = 200;

export const ZActivityQuery = z.object({
  /** An event id from a previous page's `nextBefore`. */
  before: z
    .string()
    .regex(/^\d{1,18}$/, "an event id")
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_ACTIVITY_PAGE).default(50),
});

export const ZActivityPage = z.strictObject({ events: z.array(ZProjectEvent), nextBefore: z.string().nullable() });

// EventSource can't send headers: ?lastEventId= is for clients that resume by hand (curl, scripts).
export const ZEventsQuery = z.object({ lastEventId: z.string().max(20).optional() });
