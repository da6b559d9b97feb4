import { describe, expect, it } from "vitest";
import { envelopeBars, newBarsScratch } from "./envelope-bars";

// 10 px per unit of y, pixels growing downwards from y = 10 at 0 px; x as is.
const px = (x: number) => x;
const py = (y: number) => (10 - y) * 10;
const triples = (a: Float64Array) => Array.from({ length: a.length / 3 }, (_, i) => Array.from(a.subarray(3 * i, 3 * i + 3)));

describe("envelope bars", () => {
  it("leaves out a bucket whose min and max both lie within a pixel of the line over it", () => {
    const bars = envelopeBars({ x: [0, 1, 2], lower: [4.95, 4.5, 5], upper: [5.05, 5, 5.09], line: [5, 4.9, 5] }, px, py);
    // Bucket 1's min is 4 px below its line: kept. Buckets 0 and 2 stay within 1 px: left out.
    expect(triples(bars)).toEqual([[1, 50 - 0.5, 55 + 0.5]]);
  });

  it("keeps a bar that reaches a pixel or more from the line on either side", () => {
    const bars = envelopeBars({ x: [0, 1], lower: [5, 4.9], upper: [5.1, 5], line: [5, 5] }, px, py);
    expect(triples(bars).map(([x]) => x)).toEqual([0, 1]);
  });

  it("keeps every drawable bar without a line, or where the line is not finite", () => {
    const bars = envelopeBars({ x: [0, 1], lower: [5, 5], upper: [5, 5] }, px, py);
    expect(triples(bars)).toEqual([
      [0, 49.5, 50.5],
      [1, 49.5, 50.5],
    ]);
    expect(envelopeBars({ x: [0], lower: [5], upper: [5], line: [NaN] }, px, py).length).toBe(3);
  });

  it("skips non-finite extremes and values off the scale (NaN pixels on a log axis)", () => {
    const logPy = (y: number) => (y > 0 ? -Math.log10(y) * 100 : NaN);
    const bars = envelopeBars({ x: [0, 1, 2, 3], lower: [NaN, 0, 1, 0.01], upper: [1, 1, Infinity, 1] }, px, logPy);
    expect(triples(bars)).toEqual([[3, -0.5, 200.5]]);
  });

  it("orders each bar's ends whichever way the axis runs", () => {
    const up = (y: number) => y * 10;
    expect(triples(envelopeBars({ x: [0], lower: [1], upper: [3] }, px, up))).toEqual([[0, 9.5, 30.5]]);
  });

  it("writes into the caller's scratch buffer, growing it only when an envelope needs more", () => {
    const scratch = newBarsScratch();
    const big = envelopeBars({ x: [0, 1, 2, 3], lower: [1, 1, 1, 1], upper: [3, 3, 3, 3] }, px, py, scratch);
    const grown = scratch.buffer;
    expect(big.buffer).toBe(grown.buffer);
    expect(grown.length).toBeGreaterThanOrEqual(12);
    // A smaller envelope reuses the buffer, and its answer holds only its own bars.
    const small = envelopeBars({ x: [5], lower: [2], upper: [4] }, px, py, scratch);
    expect(scratch.buffer).toBe(grown);
    expect(triples(small)).toEqual([[5, 59.5, 80.5]]);
    envelopeBars({ x: Array.from({ length: 10 }, (_, i) => i), lower: new Array<number>(10).fill(1), upper: new Array<number>(10).fill(3) }, px, py, scratch);
    expect(scratch.buffer.length).toBeGreaterThanOrEqual(30);
  });
});
