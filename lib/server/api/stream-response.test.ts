import { describe, expect, it } from "vitest";
import { SMALL_ANSWER_BYTES, streamResponse } from "./stream-response";

async function* pieces(parts: string[], failAfter?: number) {
  for (const [i, p] of parts.entries()) {
    if (i === failAfter) throw new Error("read failed");
    yield p;
  }
}

/** The body's chunks as the server writes them. */
async function chunks(res: Response): Promise<string[]> {
  const out: string[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(decoder.decode(value));
  }
}

describe("streamResponse", () => {
  it("an answer ending within SMALL_ANSWER_BYTES goes whole: one write, its length, not gzipped", async () => {
    const parts = ['{"x":', "[1,2]", ',"y":', "[3,4]", "}"];
    const res = await streamResponse(pieces(parts), "application/json");
    expect(res.headers.get("content-length")).toBe(String(parts.join("").length));
    expect(res.headers.get("cache-control")).toBe("no-transform");
    expect(await chunks(res)).toEqual([parts.join("")]);
  });

  it("a longer answer streams, its small pieces gathered into few writes, the text unchanged", async () => {
    const parts = Array.from({ length: 5_000 }, (_, i) => `${i},`);
    const res = await streamResponse(pieces(parts), "application/json");
    expect(res.headers.get("content-length")).toBeNull();
    expect(res.headers.get("cache-control")).toBeNull();
    const written = await chunks(res);
    expect(written.join("")).toBe(parts.join(""));
    expect(written.length).toBeLessThan(parts.length / 100);
  });

  it("an error before the answer is known to be long is thrown, so the route answers with an error", async () => {
    await expect(streamResponse(pieces(["{", '"a":1'], 1), "application/json")).rejects.toThrow("read failed");
    // Past SMALL_ANSWER_BYTES the answer has started: the error can only cut it short.
    const res = await streamResponse(pieces(["x".repeat(SMALL_ANSWER_BYTES), "y", "z"], 2), "text/plain");
    await expect(chunks(res)).rejects.toThrow("read failed");
  });
});
