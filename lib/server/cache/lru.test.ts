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

  it("evicts the least recently used entries once over its weight bound (bytes here)", () => {
    const lru = new Lru<string>(100);
    lru.set("a", "A", 40);
    lru.set("b", "B", 40);
    expect(lru.get("a")).toBe("A"); // a is now the most recent
    lru.set("c", "C", 40);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe("A");
    expect(lru.get("c")).toBe("C");
    expect(lru.weight).toBe(80);
  });

  it("replaces an entry's value and size, and never holds one bigger than the bound", () => {
    const lru = new Lru<string>(100);
    lru.set("a", "A", 40);
    lru.set("a", "A2", 60);
    expect(lru.weight).toBe(60);
    lru.set("huge", "H", 101);
    expect(lru.get("huge")).toBeUndefined();
    expect(lru.get("a")).toBe("A2");
  });
});
