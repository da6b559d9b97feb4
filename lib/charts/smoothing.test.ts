import { describe, expect, it } from "vitest";
import { smooth, tensorBoardEma } from "./smoothing";

/** TensorBoard's classicSmoothing, transcribed with its Math.pow debias, as the reference. */
function tensorBoardReference(y: number[], w: number): number[] {
  if (y.every((v) => v === y[0])) return y.slice();
  let last = 0;
  let k = 0;
  return y.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * w + (1 - w) * v;
    k++;
    return last / (w === 1 ? 1 : 1 - Math.pow(w, k));
  });
}

const xs = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Element-wise: non-finite values must match exactly, finite ones to 1e-12. */
function expectSeries(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => {
    if (Number.isFinite(v)) expect(actual[i]).toBeCloseTo(v, 12);
    else expect(actual[i]).toBe(v);
  });
}

describe("TensorBoard EMA", () => {
  it("matches hand-computed values", () => {
    // w = 0.5: last 0.5, 1.25, 2.125; debias 0.5, 0.75, 0.875
    expect(Array.from(tensorBoardEma([1, 2, 3], 0.5))).toEqual([1, 1.25 / 0.75, 2.125 / 0.875]);
    // TensorBoard's default 0.6: last 4, 2.4, 5.44; debias 0.4, 0.64, 0.784
    const out = tensorBoardEma([10, 0, 10], 0.6);
    expect(out[0]).toBeCloseTo(10, 12);
    expect(out[1]).toBeCloseTo(3.75, 12);
    expect(out[2]).toBeCloseTo(6.938775510204082, 12);
  });

  it("agrees with TensorBoard's pow-based debias on noisy data", () => {
    const y = xs(2000).map((i) => Math.sin(i / 7) + ((i * 7919) % 13) / 10);
    for (const w of [0.3, 0.6, 0.9, 0.99]) {
      const ours = tensorBoardEma(y, w);
      tensorBoardReference(y, w).forEach((v, i) => expect(Math.abs(ours[i] - v)).toBeLessThan(1e-12 * Math.max(1, Math.abs(v))));
    }
  });

  it("is the identity at weight 0 and leaves constant series untouched", () => {
    expect(Array.from(tensorBoardEma([3, 1, 4], 0))).toEqual([3, 1, 4]);
    expect(Array.from(tensorBoardEma([0.1, 0.1, 0.1, 0.1], 0.95))).toEqual([0.1, 0.1, 0.1, 0.1]);
  });

  it("restarts after a non-finite point and keeps it marked", () => {
    // After the NaN: last 1.5, 2.75; debias 0.5, 0.75.
    expectSeries(tensorBoardEma([1, 2, NaN, 3, 4, Infinity], 0.5), [1, 1.25 / 0.75, NaN, 3, 2.75 / 0.75, Infinity]);
  });

  it("returns a constant stretch between gaps exactly (no float noise)", () => {
    const out = tensorBoardEma([0.1, 0.1, 0.1, NaN, 1, 2], 0.9);
    expect(Array.from(out.subarray(0, 4))).toEqual([0.1, 0.1, 0.1, NaN]);
    // After the gap: last 0.1, then 0.1·0.9 + 0.1·2 = 0.29; debias 0.1, then 0.19.
    expect(out[5]).toBeCloseTo(0.29 / 0.19, 12);
  });

  it("with resetAtGaps: false carries the state across the gap exactly like TensorBoard", () => {
    const y = [1, 2, NaN, 3, 4];
    const out = Array.from(tensorBoardEma(y, 0.5, { resetAtGaps: false }));
    expect(out).toEqual(tensorBoardReference(y, 0.5));
    expect(out[3]).toBeCloseTo(2.125 / 0.875, 12);
  });
});

describe("time-weighted EMA", () => {
  it("matches a hand-computed case (half-life 1, unit spacing → decay a = 0.5)", () => {
    const out = smooth({ x: [0, 1, 2], y: [0, 0, 3] }, { kind: "time-ema", halfLife: 1 });
    // The first point only starts the average (weight → 0). Then debias 0.5, 0.75; on the last
    // step the line rises 0 → 3 over Δ = 1, r = ln 2: last = 0.5·3 − 3·(0.5/ln2 − 0.5) = 0.83596.
    const last = 1.5 - 3 * (0.5 / Math.LN2 - 0.5);
    expectSeries(out, [0, 0, last / 0.75]);
    expect(out[2]).toBeCloseTo(1.11461, 5);
  });

  it("leaves a constant stretch constant whatever the spacing", () => {
    expectSeries(smooth({ x: [0, 1, 5, 6, 50], y: [2, 2, 2, 2, 2] }, { kind: "time-ema", halfLife: 3 }), [2, 2, 2, 2, 2]);
  });

  it("smooths sparse and dense logging of the same curve alike", () => {
    const f = (x: number) => Math.sin(x / 40) + x / 500;
    const dense = xs(1001);
    const sparse = dense.filter((x) => x % 10 === 0);
    const a = smooth({ x: dense, y: dense.map(f) }, { kind: "time-ema", halfLife: 50 });
    const b = smooth({ x: sparse, y: sparse.map(f) }, { kind: "time-ema", halfLife: 50 });
    const gap = (p: ArrayLike<number>, q: ArrayLike<number>) => Math.max(...sparse.map((x, i) => Math.abs(p[x] - q[i])));
    expect(gap(a, b)).toBeLessThan(0.005);
    // A per-point EMA with the dense run's weight treats the sparse run 10× more lightly.
    const w = Math.pow(0.5, 1 / 50);
    expect(gap(tensorBoardEma(dense.map(f), w), tensorBoardEma(sparse.map(f), w))).toBeGreaterThan(0.1);
  });

  it("restarts after a gap", () => {
    const out = smooth({ x: [0, 1, 2, 3], y: [5, 5, NaN, 1] }, { kind: "time-ema", halfLife: 100 });
    expectSeries(out, [5, 5, NaN, 1]);
  });
});

describe("Gaussian smoothing", () => {
  it("spreads an impulse with the normal kernel", () => {
    const out = smooth({ x: xs(5), y: [0, 0, 1, 0, 0] }, { kind: "gaussian", sigma: 1 });
    const w1 = Math.exp(-0.5);
    const w2 = Math.exp(-2);
    expect(out[2]).toBeCloseTo(1 / (1 + 2 * w1 + 2 * w2), 12);
    expect(out[1]).toBeCloseTo(out[3], 12);
  });

  it("gives the same result on even and uneven x (tabulated and direct kernels)", () => {
    const even = smooth({ x: [0, 2, 4, 6, 8], y: [1, 5, 2, 8, 3] }, { kind: "gaussian", sigma: 2 });
    const uneven = smooth({ x: [0, 2, 4, 6, 7.999999], y: [1, 5, 2, 8, 3] }, { kind: "gaussian", sigma: 2 });
    for (let i = 0; i < 5; i++) expect(even[i]).toBeCloseTo(uneven[i], 5);
    // Centre: neighbours at distance 2 = 1σ weigh e^-0.5, at 4 = 2σ weigh e^-2.
    const [w1, w2] = [Math.exp(-0.5), Math.exp(-2)];
    expect(even[2]).toBeCloseTo((2 + w1 * (5 + 8) + w2 * (1 + 3)) / (1 + 2 * w1 + 2 * w2), 12);
  });

  it("works in x units and does not cross a gap", () => {
    const out = smooth({ x: [0, 1, 2, 3, 4], y: [0, 0, NaN, 10, 10] }, { kind: "gaussian", sigma: 5 });
    expectSeries(out, [0, 0, NaN, 10, 10]);
  });
});

describe("running average", () => {
  it("averages a centred window clipped at the ends", () => {
    const out = smooth({ x: xs(5), y: [1, 2, 3, 4, 10] }, { kind: "running", window: 3 });
    expect(out[0]).toBeCloseTo(1.5, 12);
    expect(out[2]).toBeCloseTo(3, 12);
    expect(out[3]).toBeCloseTo(17 / 3, 12);
    expect(out[4]).toBeCloseTo(7, 12);
  });

  it("does not average across -Infinity", () => {
    const out = smooth({ x: xs(5), y: [1, 3, -Infinity, 10, 20] }, { kind: "running", window: 5 });
    expectSeries(out, [2, 2, -Infinity, 15, 15]);
  });
});

it("'none' returns the values unchanged", () => {
  expectSeries(smooth({ x: [0, 1], y: [2, NaN] }, { kind: "none" }), [2, NaN]);
});
