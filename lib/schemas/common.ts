import { z } from "zod";
import { toWire } from "./wire";
import { splitCommaList } from "@/lib/comma-list";

/** Latest time accepted, 9999-12-31T23:59:59Z in Unix seconds: a 4-digit year, like ISO-8601 strings. */
export const MAX_TIME_SECONDS = 253_402_300_799;

/** Times are ISO-8601 strings or Unix seconds (1970 to 9999). */
export const ZTime = z
  .union([
    z.iso.datetime({ offset: true }),
    z.number().finite().nonnegative().max(MAX_TIME_SECONDS, `Unix seconds up to ${MAX_TIME_SECONDS} (year 9999); milliseconds are not seconds`),
  ])
  .transform((t) => (typeof t === "number" ? new Date(t * 1000) : new Date(t)));

/**
 * Deepest nesting of objects and arrays accepted in a config or summary. Deeper documents are no
 * config anyone writes, and serialising them overflows the stack of the database client.
 */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of a JSON value (a scalar is 0, {} or [] is 1), counted without recursion, stopping past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d + 1 > deepest) deepest = d + 1;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}

/** A config-like JSON object (run config, summary, import config), nested at most MAX_JSON_DEPTH levels. */
export const ZConfig = z.record(z.string(), z.unknown()).refine((v) => jsonDepth(v) <= MAX_JSON_DEPTH, {
  message: `nested more than ${MAX_JSON_DEPTH} levels deep`,
});

export const ZSlug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "lowercase letters, digits, '.', '_' and '-', starting with a letter or digit");

export const ZTags = z.array(z.string().min(1).max(100)).max(100);

/** A metric value on the wire: a number, one of the non-finite spellings, or null (not logged). */
export const NONFINITE_WIRE = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity } as const;

export { toWire };

/** Replaces non-finite numbers anywhere in a JSON-bound value with their wire strings (JSON has no NaN). */
export function toWireDeep<T>(value: T): T {
  if (typeof value === "number") return (Number.isFinite(value) ? value : toWire(value)) as T;
  if (Array.isArray(value)) return value.map(toWireDeep) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWireDeep(v)])) as T;
  }
  return value;
}

/**
 * A comma-separated query parameter as a list (splitCommaList); with `bounds`, a list of `min` to
 * `max` items, else the message names the count wanted and what the items are.
 */
export function ZCommaList(bounds?: { min: number; max: number; of: string }) {
  const list = z.string().transform((s) => splitCommaList(s));
  if (!bounds) return list;
  const { min, max, of } = bounds;
  return list.refine((items) => items.length >= min && items.length <= max, { message: `${min} to ${max} comma-separated ${of}` });
}
