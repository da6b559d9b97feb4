import { describe, expect, it } from "vitest";
import { EVENT_DATA, ZProjectEvent, parseLiveEvent } from "./events";

const actor = { id: "key:3", name: "ci" };
const at = "2026-12-03T12:00:00.000Z";
const appended = { runId: "r1", keys: ["loss"], firstStep: 10, lastStep: 20 };

describe("parseLiveEvent", () => {
  it("reads an event whose data matches its type", () => {
    const e = parseLiveEvent("metrics.appended", "42", JSON.stringify({ ...appended, actor, at }));
    expect(e).toEqual({ id: "42", type: "metrics.appended", data: { ...appended, actor, at } });
  });
  it("refuses unknown types, bad JSON, missing and unknown fields", () => {
    expect(parseLiveEvent("key.created", "1", JSON.stringify({ keyId: 1, name: null, scope: "write", actor, at }))).toBeNull(); // not a live type
    expect(parseLiveEvent("metrics.appended", "1", "{")).toBeNull();
    expect(parseLiveEvent("metrics.appended", "1", JSON.stringify({ runId: "r1", keys: ["loss"], actor, at }))).toBeNull();
    expect(parseLiveEvent("metrics.appended", "1", JSON.stringify({ ...appended, actor, at, extra: 1 }))).toBeNull();
    expect(parseLiveEvent("run.updated", "1", JSON.stringify({ ...appended, actor, at }))).toBeNull();
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
