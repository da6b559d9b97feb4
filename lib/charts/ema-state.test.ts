import { describe, expect, it } from "vitest";
import { emaContinue, emaStart } from "./ema-state";
import { tensorBoardEma } from "./smoothing";

/** Values with a NaN, ±Inf, gaps back to back, flat stretches (kept raw), one ending flat and one not. */
const Y = [0.9, 0.7, 0.8, NaN, 0.5, Infinity, -Infinity, 0.4, 0.4, 0.4, 0.3, 0.35, 0.35, NaN, 2, 2, 2, NaN, 1, 1.5, 0.2, -3, 0.1];

describe("the EMA state", () => {
  it("continued from any point over the rest, gives the whole series' smoothing of the rest, to the last bit", () => {
    for (const w of [0, 0.6, 0.9, 0.999]) {
      const whole = tensorBoardEma(Y, w);
      for (let at = 0; at <= Y.length; at++) {
        const s = emaStart(w);
        emaContinue(s, Y.slice(0, at));
        const rest = emaContinue(s, Y.slice(at));
        expect([...rest], `w=${w}, continued from ${at}`).toEqual([...whole.slice(at)]);
      }
    }
  });

  it("keeps a flat stretch's raw values (no float noise), and the EMA from the first point that differs", () => {
    const flat = [NaN, 0.1 + 0.2, 0.1 + 0.2, 0.1 + 0.2];
    const s = emaStart(0.6);
    expect([...emaContinue(s, flat)]).toEqual(flat);
    expect(s.level).toBe(0.1 + 0.2);
    const [next] = emaContinue(s, [0.5]);
    expect(s.level).toBeNull();
    // last = 0.3·(1 − 0.6³)·0.6 + 0.4·0.5, debias = 1 − 0.6⁴
    expect(next).toBeCloseTo((0.3 * (1 - 0.6 ** 3) * 0.6 + 0.4 * 0.5) / (1 - 0.6 ** 4), 14);
    expect(next).toBe(tensorBoardEma([...flat, 0.5], 0.6)[4]);
  });
});
