import { describe, expect, it } from "vitest";
import { SseParser } from "./sse-parser";

describe("SseParser", () => {
  it("reads blocks split anywhere across chunks", () => {
    const stream = 'id: 7\nevent: run.updated\ndata: {"a":1}\n\n: keep-alive\n\nevent: ready\ndata: {}\n\n';
    for (const cut of [1, 5, 17, 30, stream.length - 1]) {
      const p = new SseParser();
      const blocks = [...p.push(stream.slice(0, cut)), ...p.push(stream.slice(cut))];
      expect(blocks).toEqual([
        { id: "7", event: "run.updated", data: '{"a":1}', comments: 0 },
        { id: null, event: null, data: null, comments: 1 },
        { id: null, event: "ready", data: "{}", comments: 0 },
      ]);
    }
  });

  it("joins data lines and keeps an unfinished block for the next chunk", () => {
    const p = new SseParser();
    expect(p.push("data: a\ndata: b\n")).toEqual([]);
    expect(p.push("\n")).toEqual([{ id: null, event: null, data: "a\nb", comments: 0 }]);
  });
});
