/**
 * A live event as the browser reads it, without zod: LiveProject is on every project page, and
 * zod there cost the compare page 32 KB gzipped and ~100 ms of main-thread time on first view.
 * The data shapes are defined once, by the zod schemas of lib/schemas/events.ts (the server checks
 * every event against them before recording it); the guards below must read exactly those shapes,
 * which lib/schemas/events.ts checks at compile time (LiveGuardsMatchSchemas) and its unit test
 * checks by giving both the same valid and malformed events.
 */
import { NONFINITE_SPELLINGS, type WireNumber } from "@/lib/schemas/wire-number";
import type { LiveEventType } from "./event-types";

type Guard<T> = (v: unknown) => v is T;
type Out<G> = G extends Guard<infer T> ? T : never;
type Shape = Record<string, Guard<unknown>>;
/** One object type rather than an intersection, as z.output has it (so the two compare equal). */
type Flat<T> = { [K in keyof T]: T[K] };
type ObjectOf<R extends Shape, O extends Shape> = Flat<{ [K in keyof R]: Out<R[K]> } & { [K in keyof O]?: Out<O[K]> | undefined }>;

const str: Guard<string> = (v): v is string => typeof v === "string";
/** JSON carries no NaN or Infinity, and z.number() refuses them. */
const num: Guard<number> = (v): v is number => Number.isFinite(v);
const bool: Guard<boolean> = (v): v is boolean => typeof v === "boolean";
/** An ISO-8601 time; looser than the server's z.iso.datetime, which the server already applied. */
const time: Guard<string> = (v): v is string => typeof v === "string" && !Number.isNaN(Date.parse(v));
const nullable =
  <T>(g: Guard<T>): Guard<T | null> =>
  (v): v is T | null =>
    v === null || g(v);
const arrayOf =
  <T>(g: Guard<T>): Guard<T[]> =>
  (v): v is T[] =>
    Array.isArray(v) && v.every(g);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const recordOf =
  <T>(g: Guard<T>): Guard<Record<string, T>> =>
  (v): v is Record<string, T> =>
    isRecord(v) && Object.values(v).every(g);
/** A metric value as JSON carries it: a finite number, or "NaN" / "Infinity" / "-Infinity". */
const wireNumber: Guard<WireNumber> = (v): v is WireNumber => num(v) || (NONFINITE_SPELLINGS as readonly unknown[]).includes(v);

/** A strict object, as z.strictObject: every required field, optional ones absent or valid, no other field. */
function object<R extends Shape, O extends Shape = Record<never, never>>(required: R, optional = {} as O): Guard<ObjectOf<R, O>> {
  return (v): v is ObjectOf<R, O> =>
    isRecord(v) &&
    Object.entries(required).every(([k, g]) => Object.hasOwn(v, k) && g(v[k])) &&
    Object.entries(optional).every(([k, g]) => v[k] === undefined || g(v[k])) &&
    Object.keys(v).every((k) => Object.hasOwn(required, k) || Object.hasOwn(optional, k));
}

const actor = object({ id: str, name: str });
const run = { runId: str, name: str };
const comment = object(
  {
    commentId: str,
    threadId: str,
    runId: nullable(str),
    comparisonId: nullable(str),
    anchor: nullable(object({ key: str, x: num, axis: str })),
    mentions: arrayOf(str),
    excerpt: str,
  },
  { runName: nullable(str) },
);

const LIVE_DATA = {
  "run.created": object({ ...run, status: str }, { imported: bool }),
  "run.updated": object({
    ...run,
    changes: object({}, { status: str, previousStatus: str, review: nullable(str), tags: arrayOf(str), name: str, notes: nullable(str) }),
  }),
  "run.deleted": object(run),
  "metrics.appended": object(
    { runId: str, keys: arrayOf(str), lastStep: nullable(num), firstStep: nullable(num) },
    { points: recordOf(object({ after: num, steps: arrayOf(num), values: arrayOf(wireNumber) })) },
  ),
  "comment.created": comment,
  "comment.updated": comment,
  "comment.deleted": comment,
  "comparison.saved": object({ comparisonId: str, name: str, created: bool }),
  "comparison.deleted": object({ comparisonId: str, name: str }),
} satisfies Record<LiveEventType, Guard<unknown>>;

/** What each live event type carries in `data`, as the guards read it (equal to the schemas' z.output). */
export type LiveEventData = { [T in LiveEventType]: Out<(typeof LIVE_DATA)[T]> };
export type LiveActor = Out<typeof actor>;

export type LiveEvent = {
  [T in LiveEventType]: { id: string; type: T; data: LiveEventData[T] & { actor: LiveActor | null; at: string } };
}[LiveEventType];

/**
 * A live event as the browser receives it (EventSource's type, id and data text: the event's data
 * plus who did it and when, lib/server/events/event-stream.ts); null for a type this client does
 * not know or data that does not match (the caller then refreshes everything rather than trust it).
 */
export function parseLiveEvent(type: string, id: string, text: string): LiveEvent | null {
  if (!Object.hasOwn(LIVE_DATA, type)) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(json)) return null;
  const { actor: who, at, ...data } = json;
  const ok = (who === null || actor(who)) && time(at) && LIVE_DATA[type as LiveEventType](data);
  return ok ? ({ id, type, data: json } as LiveEvent) : null;
}
