import { z } from "zod";

/** Times are ISO-8601 strings or Unix seconds. */
export const ZTime = z
  .union([z.iso.datetime({ offset: true }), z.number().finite().nonnegative()])
  .transform((t) => (typeof t === "number" ? new Date(t * 1000) : new Date(t)));

export const ZSlug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "lowercase letters, digits, '.', '_' and '-', starting with a letter or digit");

export const ZTags = z.array(z.string().min(1).max(100)).max(100);

/** A metric value on the wire: a number, one of the non-finite spellings, or null (not logged). */
export const NONFINITE_WIRE = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity } as const;

export function toWire(v: number): number | string {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
}

/** Replaces non-finite numbers anywhere in a JSON-bound value with their wire strings (JSON has no NaN). */
export function toWireDeep<T>(value: T): T {
  if (typeof value === "number") return (Number.isFinite(value) ? value : toWire(value)) as T;
  if (Array.isArray(value)) return value.map(toWireDeep) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWireDeep(v)])) as T;
  }
  return value;
}
