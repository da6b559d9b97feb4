import { describe, expect, it } from "vitest";
import { MemoCache } from "./memo-cache";

const value = (v: number) => ({ v });
/** A computation that yields to the event loop first, as a real one (a query) does. */
const later = (v: number) => () => new Promise<{ v: number }>((resolve) => setImmediate(() => resolve(value(v))));

describe("MemoCache", () => {
  it("computes once for concurrent misses of a key", async () => {
    const cache = new MemoCache<{ v: number }>({ max: 4 });
    let calls = 0;
    const compute = async () => {
      await new Promise((r) => setTimeout(r, 10));
      return value(++calls);
    };
    const [a, b] = await Promise.all([cache.getOrCompute("k", compute), cache.getOrCompute("k", compute)]);
    expect([a.v, b.v, calls]).toEqual([1, 1, 1]);
    expect((await cache.getOrCompute("k", compute)).v).toBe(1);
  });

  it("evicts the least recently used entries once over its weight bound, counting reads as use", async () => {
    const cache = new MemoCache<{ v: number }>({ maxSize: 100, sizeOf: () => 40 });
    await cache.getOrCompute("a", later(1));
    await cache.getOrCompute("b", later(2));
    expect(cache.peek("a")?.v).toBe(1); // a is now the most recent
    await cache.getOrCompute("c", later(3));
    expect(cache.peek("b")).toBeUndefined();
    expect([cache.peek("a")?.v, cache.peek("c")?.v, cache.size]).toEqual([1, 3, 80]);
  });

  it("returns an entry heavier than the whole bound without keeping it", async () => {
    const cache = new MemoCache<{ v: number }>({ maxSize: 100, sizeOf: (x) => x.v });
    expect((await cache.getOrCompute("huge", later(101))).v).toBe(101);
    expect(cache.peek("huge")).toBeUndefined();
  });

  it("lets a failed computation be retried", async () => {
    const cache = new MemoCache<{ v: number }>({ max: 4 });
    await expect(cache.getOrCompute("k", () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect((await cache.getOrCompute("k", later(2))).v).toBe(2);
  });
});
