import type { WireNumber } from "@/lib/schemas/wire-number";

/**
 * metrics.appended carries the batch's points when they are this many or fewer (all keys
 * together), so a live chart appends them without a read; a larger batch is announced by its keys
 * and step range only, and the chart reads the new range. Small enough that the event, stored and
 * NOTIFYed alike, stays far under PostgreSQL's 8,000-byte NOTIFY payload (lib/server/events/publish-event.ts).
 */
export const APPENDED_POINTS_CAP = 64;

/**
 * One key's points of a metrics.appended event: `after` is the key's last step before this write,
 * so a chart whose last point is at `after` knows nothing lies between it and `steps` (any other
 * last point is a gap: the chart reads the range instead). Values in the wire form (NaN and
 * ±Infinity as strings: they are data).
 */
export interface AppendedKeyPoints {
  after: number;
  steps: number[];
  values: WireNumber[];
}
