import { describe, expect, it } from "vitest";
import { ByteLru } from "./smoothing-cache";

describe("ByteLru", () => {
  it("evicts the least recently used entries once over its byte bound", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 40);
    lru.set("b", "B", 40);
    expect(lru.get("a")).toBe("A"); // a is now the most recent
    lru.set("c", "C", 40);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe("A");
    expect(lru.get("c")).toBe("C");
    expect(lru.bytes).toBe(80);
  });

  it("replaces an entry's value and size, and never holds one bigger than the bound", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 40);
    lru.set("a", "A2", 60);
    expect(lru.bytes).toBe(60);
    lru.set("huge", "H", 101);
    expect(lru.get("huge")).toBeUndefined();
    expect(lru.get("a")).toBe("A2");
  });
});
