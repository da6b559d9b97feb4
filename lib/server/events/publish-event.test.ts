import { describe, expect, it } from "vitest";
import type { EventData } from "@/lib/events/event-types";
import { eventParams } from "./publish-event";

describe("eventParams", () => {
  it("records data that matches its type's schema", () => {
    const params = eventParams({ projectId: 1, type: "run.deleted", runId: "r1", data: { runId: "r1", name: "sgd" } });
    expect(params).toEqual([1, "run.deleted", "r1", null, null, JSON.stringify({ runId: "r1", name: "sgd" })]);
  });
  it("refuses data that doesn't: a malformed event is never recorded", () => {
    const wrong = { runId: "r1" } as unknown as EventData["run.deleted"];
    expect(() => eventParams({ projectId: 1, type: "run.deleted", data: wrong })).toThrow();
  });
});
