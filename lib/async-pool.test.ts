import { describe, expect, it } from "vitest";
import { createLimit, pooled } from "./async-pool";

describe("pooled", () => {
  it("keeps at most `limit` calls in flight and returns results in item order", async () => {
    let inFlight = 0;
    let most = 0;
    const out = await pooled([30, 10, 20, 5, 15], 2, async (ms) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return ms * 2;
    });
    expect(out).toEqual([60, 20, 40, 10, 30]);
    expect(most).toBe(2);
  });
});

describe("createLimit", () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("starts waiting tasks in order as running ones finish, failures included", async () => {
    const limit = createLimit(1);
    const started: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        started.push(name);
        await sleep(5);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([limit(task("a", true)), limit(task("b")), limit(task("c"))]);
    expect(started).toEqual(["a", "b", "c"]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
  });

  it("drops a waiting task whose signal aborts, without starting it", async () => {
    const limit = createLimit(1);
    const controller = new AbortController();
    let ran = false;
    const first = limit(() => sleep(20));
    const second = limit(() => {
      ran = true;
      return Promise.resolve();
    }, controller.signal);
    controller.abort(new Error("gone"));
    await expect(second).rejects.toThrow("gone");
    await first;
    await sleep(5);
    expect(ran).toBe(false);
    // The slot is free again.
    await expect(limit(() => Promise.resolve(1))).resolves.toBe(1);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const limit = createLimit(2);
    await expect(limit(() => Promise.resolve(1), AbortSignal.abort(new Error("late")))).rejects.toThrow("late");
  });
});
