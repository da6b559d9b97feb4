import { describe, expect, it } from "vitest";
import { Lru } from "./lru";

describe("Lru", () => {
  it("evicts the least recently used entry, counting reads as use", () => {
    const lru = new Lru<number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1);
    lru.set("c", 3);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe(1);
    expect(lru.get("c")).toBe(3);
  });

  it("computes once per key", async () => {
    const lru = new Lru<number>(4);
    let calls = 0;
    const compute = async () => ++calls;
    expect(await lru.getOrCompute("k", compute)).toBe(1);
    expect(await lru.getOrCompute("k", compute)).toBe(1);
    expect(calls).toBe(1);
  });
});
