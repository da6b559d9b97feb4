import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { batchedReads, coalesced } from "./coalesce";

/** A task whose runs finish when the test says so. */
function controlledTask() {
  const finish: (() => void)[] = [];
  let runs = 0;
  const task = () => {
    runs++;
    return new Promise<void>((resolve) => finish.push(resolve));
  };
  return { task, runs: () => runs, finishNext: async () => (finish.shift()?.(), await flushMicrotasks()) };
}

const flushMicrotasks = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe("coalesced", () => {
  it("runs at once when idle, and never two at once", () => {
    const t = controlledTask();
    const ask = coalesced(t.task);
    ask();
    expect(t.runs()).toBe(1);
    ask();
    ask();
    expect(t.runs()).toBe(1);
  });

  it("asks made while it runs make exactly one more run after it, then it goes idle", async () => {
    const t = controlledTask();
    const ask = coalesced(t.task);
    ask();
    for (let i = 0; i < 10; i++) ask();
    await t.finishNext();
    expect(t.runs()).toBe(2);
    await t.finishNext();
    expect(t.runs()).toBe(2);
    ask();
    expect(t.runs()).toBe(3);
  });

  it("a failed run counts as done: the next ask runs again", async () => {
    let runs = 0;
    const ask = coalesced(async () => {
      runs++;
      throw new Error("network");
    });
    ask();
    await flushMicrotasks();
    ask();
    expect(runs).toBe(2);
  });
});

describe("batchedReads", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("requests for one subject in the same moment go out as one read, each answered with its own part", async () => {
    const read = vi.fn(async (subject: string, keys: string[]) => keys.map((k) => `${subject}:${k}`));
    const ask = batchedReads(read);
    const answers = Promise.all([ask("r1", "loss"), ask("r1", "lr"), ask("r2", "loss")]);
    // A request made a few microtasks later (another chart's continuation) still joins.
    await flushMicrotasks();
    const late = ask("r1", "mIoU");
    expect(read).not.toHaveBeenCalled();
    await vi.runAllTimersAsync();
    expect(await answers).toEqual(["r1:loss", "r1:lr", "r2:loss"]);
    expect(await late).toBe("r1:mIoU");
    expect(read.mock.calls).toEqual([
      ["r1", ["loss", "lr", "mIoU"]],
      ["r2", ["loss"]],
    ]);
  });

  it("a later moment makes a new read; a failed read fails every request of its batch", async () => {
    let fail = true;
    const ask = batchedReads(async (_s: string, keys: string[]) => {
      if (fail) throw new Error("down");
      return keys;
    });
    const a = ask("r1", "loss").catch((e: Error) => e.message);
    const b = ask("r1", "lr").catch((e: Error) => e.message);
    await vi.runAllTimersAsync();
    expect([await a, await b]).toEqual(["down", "down"]);
    fail = false;
    const c = ask("r1", "loss");
    await vi.runAllTimersAsync();
    expect(await c).toBe("loss");
  });
});
