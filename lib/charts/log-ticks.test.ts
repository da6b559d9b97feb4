import { describe, expect, it } from "vitest";
import { isMinorLogTick } from "./log-ticks";

describe("log axis ticks", () => {
  it("labels 1, 2 and 5 of every decade", () => {
    for (const v of [1e-5, 2e-5, 5e-5, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 1000]) expect(isMinorLogTick(v)).toBe(false);
  });

  it("leaves the other ticks unlabelled, even with float noise", () => {
    for (const v of [3e-5, 4e-4, 0.3, 0.7, 3, 9, 30, 0.30000000000000004]) expect(isMinorLogTick(v)).toBe(true);
  });
});
