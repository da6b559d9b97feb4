import { describe, expect, it } from "vitest";
import { isMinorLogTick, keptLogTicks } from "./log-ticks";

describe("log axis ticks", () => {
  it("labels 1, 2 and 5 of every decade", () => {
    for (const v of [1e-5, 2e-5, 5e-5, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 1000]) expect(isMinorLogTick(v)).toBe(false);
  });

  it("leaves the other ticks unlabelled, even with float noise", () => {
    for (const v of [3e-5, 4e-4, 0.3, 0.7, 3, 9, 30, 0.30000000000000004, 1.5e-4, 15]) expect(isMinorLogTick(v)).toBe(true);
  });
});

/** Chart.js's log ticks: every 1…9 × 10^k from `from` to `to` (exponents), ends included. */
function everyTick(from: number, to: number, first = 1, last = 1): { value: number }[] {
  const ticks: { value: number }[] = [];
  for (let e = from; e <= to; e++) for (let m = 1; m <= 9; m++) ticks.push({ value: Number((m * 10 ** e).toPrecision(3)) });
  return ticks.filter((t) => t.value >= first * 10 ** from && t.value <= last * 10 ** to);
}

describe("keptLogTicks", () => {
  it("keeps 1, 2 and 5 of each decade, and both ends, over a few decades", () => {
    const ticks = [...everyTick(-5, -3, 3, 6), { value: 7e-3 }];
    expect(keptLogTicks(ticks, 3e-5, 7e-3).map((t) => t.value)).toEqual([3e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 7e-3]);
  });

  it("keeps only the powers of ten, and both ends, over many decades", () => {
    const ticks = everyTick(-8, -2, 2, 5);
    ticks.splice(
      ticks.findIndex((t) => t.value === 2e-4),
      0,
      { value: 1.5e-4 },
    );
    expect(keptLogTicks(ticks, 2e-8, 5e-2).map((t) => t.value)).toEqual([2e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 5e-2]);
  });

  it("keeps every tick within a decade, where 1, 2 and 5 alone could leave the axis bare", () => {
    const ticks = everyTick(-3, -3, 2, 9);
    expect(keptLogTicks(ticks, 2e-3, 9e-3)).toBe(ticks);
  });
});
