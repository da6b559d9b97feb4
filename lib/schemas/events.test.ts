import { describe, expect, it } from "vitest";
import { LIVE_EVENT_TYPES } from "@/lib/events/event-types";
import { parseLiveEvent } from "@/lib/events/live-event";
import { EVENT_DATA, ZProjectEvent, streamedEventSchema } from "./events";

const actor = { id: "key:3", name: "ci" };
const at = "2026-12-03T12:00:00.000Z";
const appended = { runId: "r1", keys: ["loss"], firstStep: 10, lastStep: 20 };
const appendedPoints = { ...appended, points: { loss: { after: 9, steps: [10, 20], values: [0.5, "NaN"] } } };
const comment = {
  commentId: "c1",
  threadId: "c1",
  runId: null,
  runName: null,
  comparisonId: "cmp1",
  anchor: { key: "loss", x: 3, axis: "step" },
  mentions: ["u1"],
  excerpt: "look",
};

/** A valid `data` for each live event type, with its optional fields present. */
const VALID = {
  "run.created": { runId: "r1", name: "a", status: "running", imported: true },
  "run.updated": { runId: "r1", name: "a", changes: { status: "finished", previousStatus: "running", review: null, tags: ["x"], name: "b", notes: "n" } },
  "run.deleted": { runId: "r1", name: "a" },
  "metrics.appended": appendedPoints,
  "comment.created": comment,
  "comment.updated": { ...comment, runId: "r1", runName: "a", comparisonId: null, anchor: null },
  "comment.deleted": comment,
  "comparison.saved": { comparisonId: "cmp1", name: "c", created: false },
  "comparison.deleted": { comparisonId: "cmp1", name: "c" },
} satisfies Record<(typeof LIVE_EVENT_TYPES)[number], object>;

/** Top-level fields an event may leave out. */
const OPTIONAL = ["imported", "runName", "points"];

/** Malformed variants of an event's text: every one must be refused. */
function malformed(data: Record<string, unknown>): string[] {
  const whole = { ...data, actor, at };
  const out = [
    "{",
    "null",
    "[]",
    JSON.stringify(data), // no actor, no time
    JSON.stringify({ ...whole, at: "yesterday" }),
    JSON.stringify({ ...whole, actor: { id: "u1" } }),
    JSON.stringify({ ...whole, extra: 1 }),
    JSON.stringify({ ...whole, constructor: 1 }),
  ];
  for (const k of Object.keys(data)) {
    if (!OPTIONAL.includes(k)) out.push(JSON.stringify({ ...whole, [k]: undefined })); // JSON leaves it out
    out.push(JSON.stringify({ ...whole, [k]: [{}] })); // the wrong type for every field
  }
  return out;
}

describe("parseLiveEvent (the browser's zod-free reader)", () => {
  it("reads an event whose data matches its type", () => {
    const e = parseLiveEvent("metrics.appended", "42", JSON.stringify({ ...appended, actor, at }));
    expect(e).toEqual({ id: "42", type: "metrics.appended", data: { ...appended, actor, at } });
  });
  it("refuses unknown types, bad JSON, missing and unknown fields", () => {
    expect(parseLiveEvent("key.created", "1", JSON.stringify({ keyId: 1, name: null, scope: "write", actor, at }))).toBeNull(); // not a live type
    expect(parseLiveEvent("toString", "1", JSON.stringify({ actor, at }))).toBeNull();
    expect(parseLiveEvent("metrics.appended", "1", "{")).toBeNull();
    expect(parseLiveEvent("metrics.appended", "1", JSON.stringify({ runId: "r1", keys: ["loss"], actor, at }))).toBeNull();
    expect(parseLiveEvent("metrics.appended", "1", JSON.stringify({ ...appended, actor, at, extra: 1 }))).toBeNull();
    expect(parseLiveEvent("metrics.appended", "1", JSON.stringify({ ...appended, keys: [1], actor, at }))).toBeNull();
    // Points: a value is a number or a non-finite spelling; each key's points have all their fields.
    expect(parseLiveEvent("metrics.appended", "1", JSON.stringify({ ...appendedPoints, actor, at }))).not.toBeNull();
    for (const loss of [{ after: 9, steps: [10], values: ["nan"] }, { after: 9, steps: [10], values: [null] }, { steps: [10], values: [1] }, [1]]) {
      const bad = { ...appended, points: { loss }, actor, at };
      expect(parseLiveEvent("metrics.appended", "1", JSON.stringify(bad))).toBeNull();
      expect(streamedEventSchema("metrics.appended").safeParse(bad).success).toBe(false);
    }
    expect(parseLiveEvent("run.updated", "1", JSON.stringify({ ...appended, actor, at }))).toBeNull();
    expect(parseLiveEvent("run.updated", "1", JSON.stringify({ runId: "r", name: "n", changes: { status: 3 }, actor, at }))).toBeNull();
  });
  it.each(LIVE_EVENT_TYPES)("agrees with the server's schema on %s, valid and malformed", (type) => {
    const data = VALID[type] as Record<string, unknown>;
    const verdicts = (text: string) => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { guard: parseLiveEvent(type, "1", text) !== null, schema: streamedEventSchema(type).safeParse(json).success };
    };
    expect(verdicts(JSON.stringify({ ...data, actor, at }))).toEqual({ guard: true, schema: true });
    expect(verdicts(JSON.stringify({ ...data, actor: null, at }))).toEqual({ guard: true, schema: true });
    for (const text of malformed(data)) expect([text, verdicts(text)]).toEqual([text, { guard: false, schema: false }]);
  });
});

describe("ZProjectEvent", () => {
  const event = { id: "1", projectId: 1, runId: "r1", actor, at };
  it("checks data against the event's own type", () => {
    expect(ZProjectEvent.safeParse({ ...event, type: "metrics.appended", data: appended }).success).toBe(true);
    expect(ZProjectEvent.safeParse({ ...event, type: "run.deleted", data: appended }).success).toBe(false);
    expect(ZProjectEvent.safeParse({ ...event, type: "run.exploded", data: {} }).success).toBe(false);
  });
});

describe("EVENT_DATA", () => {
  it("has a schema for every event type the server records", () => {
    expect(EVENT_DATA["alert.changed"].safeParse({ alertId: 1, name: "a", action: "renamed" }).success).toBe(false);
    expect(EVENT_DATA["run.updated"].parse({ runId: "r", name: "n", changes: { status: "crashed", previousStatus: "running" } })).toBeTruthy();
  });
});
