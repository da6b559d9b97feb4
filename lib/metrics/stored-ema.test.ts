import { describe, expect, it } from "vitest";
import { DEFAULT_EMA_WEIGHT, tensorBoardEma } from "@/lib/charts/smoothing";
import { emaContinue } from "@/lib/charts/ema-state";
import { blockCount, smoothedBlockSums, STORED_EMA_HISTORY, storedEma, storedEmaRun, storedEmaState } from "./stored-ema";

function noisy(n: number): Float64Array {
  let s = 7;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Float64Array.from({ length: n }, (_, i) => (i === 5000 ? NaN : i === 7000 ? Infinity : 1 / (1 + i / 500) + 0.3 * rand()));
}

describe("the stored smoothing", () => {
  it("smooths a chunk from its values and STORED_EMA_HISTORY points before it as the whole series would (to 1e-12)", () => {
    const y = noisy(10_000);
    const full = tensorBoardEma(y, DEFAULT_EMA_WEIGHT);
    for (const start of [0, 30, 4990, 5001, 6000]) {
      const part = storedEma(y.subarray(0, start), y.subarray(start, start + 2000));
      for (let i = 0; i < part.length; i++) {
        const e = full[start + i];
        if (Number.isFinite(e)) expect(Math.abs(part[i] - e)).toBeLessThan(1e-12);
        else expect(part[i]).toBe(e);
      }
    }
    expect(STORED_EMA_HISTORY).toBe(55);
  });

  it("its state after a chunk continues it over appended points as smoothing the chunk with them does, and as the whole series (to 1e-12)", () => {
    const y = noisy(10_000);
    const full = tensorBoardEma(y, DEFAULT_EMA_WEIGHT);
    // A tail chunk from 4000, points appended to it in batches: across the NaN at 5000 and the Infinity at 7000.
    const history = y.subarray(0, 4000);
    for (const [end, more] of [
      [4100, 1],
      [4990, 20],
      [5000, 3],
      [6995, 10],
      [9000, 1000],
    ]) {
      const state = storedEmaState(history, y.subarray(4000, end));
      const continued = emaContinue(state, y.subarray(end, end + more));
      // What the server sends for those points once they are stored in the same chunk: the same steps, to the last bit.
      expect([...continued]).toEqual([...storedEma(history, y.subarray(4000, end + more)).subarray(end - 4000)]);
      continued.forEach((v, i) => {
        const e = full[end + i];
        if (Number.isFinite(e)) expect(Math.abs(v - e)).toBeLessThan(1e-12);
        else expect(v).toBe(e);
      });
    }
  });

  it("smooths points and gives the state after them in one pass, to the bit what the two passes give", () => {
    const y = noisy(10_000);
    // From the start, after a few points (less history than it uses), after more, across the NaN and the Infinity.
    for (const start of [0, 20, 4000, 4999, 5001, 6990]) {
      const history = y.subarray(0, start);
      const values = y.subarray(start, start + 2500);
      const run = storedEmaRun(history, values);
      // The whole EMA over the history it uses and the values, the history's part dropped.
      const used = history.subarray(Math.max(0, start - STORED_EMA_HISTORY));
      const whole = tensorBoardEma(Float64Array.from([...used, ...values]), DEFAULT_EMA_WEIGHT).subarray(used.length);
      expect([...run.smoothed]).toEqual([...whole]);
      expect(run.state).toEqual(storedEmaState(history, values));
      expect(storedEma(history, values)).toEqual(run.smoothed);
    }
  });

  it("sums each block's finite smoothed values at every level, folded in the codec's block boundaries", () => {
    const s = storedEma(new Float64Array(0), noisy(10_000));
    const levels = smoothedBlockSums(s);
    expect(levels.map((l) => l.length)).toEqual([64, 256, 1024, 4096].map((size) => blockCount(10_000, size)));
    expect(levels.map((l) => l.length)).toEqual([157, 40, 10, 3]);
    const direct = (from: number, to: number) => s.subarray(from, to).reduce((sum, v) => (Number.isFinite(v) ? sum + v : sum), 0);
    expect(levels[0][78]).toBeCloseTo(direct(78 * 64, 79 * 64), 9); // holds the NaN at 5000
    expect(levels[1][39]).toBeCloseTo(direct(39 * 256, 10_000), 9); // the short last block
    expect(levels[3][1]).toBeCloseTo(direct(4096, 8192), 9);
  });
});
