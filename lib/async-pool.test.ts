import { describe, expect, it } from "vitest";
import { pooled } from "./async-pool";

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
