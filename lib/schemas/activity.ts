import { z } from "zod";

export const MAX_ACTIVITY_PAGE = 200;

export const ZActivityQuery = z.object({
  /** An event id from a previous page's `nextBefore`. */
  before: z
    .string()
    .regex(/^\d{1,18}$/, "an event id")
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_ACTIVITY_PAGE).default(50),
});
