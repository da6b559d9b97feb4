import { describe, expect, it } from "vitest";
import { downsampleSeries, mergeBlocks, summarizeBlock } from "./downsample";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Blocks of `size` consecutive points, as the server would store them. */
const blocksOf = (y: number[], size: number) =>
  range(Math.ceil(y.length / size)).map((b) => summarizeBlock({ x: range(y.length), y }, b * size, Math.min(y.length, (b + 1) * size)));

describe("downsampleSeries", () => {
  it("keeps a single spike and a single NaN among 1,000,000 points", () => {
    const n = 1_000_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i;
      y[i] = 1 + Math.sin(i / 5000) * 0.1;
    }
    y[500_000] = 1000;
    y[700_001] = NaN;
    const out = downsampleSeries({ x, y }, { maxPoints: 2000 });
    expect(out.count).toBe(n);
    expect(out.downsampled).toBe(true);
    expect(out.x.length).toBeLessThanOrEqual(2000);
    expect(Math.max(...out.max)).toBe(1000);
    const spike = out.max.indexOf(1000);
    expect(Math.abs(out.x[spike] - 500_000)).toBeLessThan(500);
    const nans = out.y.flatMap((v, i) => (Number.isNaN(v) ? [i] : []));
    expect(nans).toHaveLength(1);
    expect(Math.abs(out.x[nans[0]] - 700_001)).toBeLessThan(500);
    // The NaN bucket still reports its finite band.
    expect(Number.isFinite(out.min[nans[0]]) && Number.isFinite(out.max[nans[0]])).toBe(true);
  });

  it("emits mean, min, max and the covered x midpoint per equal-width bucket", () => {
    const y = [1, 3, 2, 6, 4, 10, 0, 5, 5, 5];
    const out = downsampleSeries({ x: range(10), y }, { maxPoints: 2 });
    // Buckets [0, 4.5) and [4.5, 9]: x 0–4 and 5–9.
    expect(out).toEqual({ x: [2, 7], y: [16 / 5, 25 / 5], min: [1, 0], max: [6, 10], count: 10, downsampled: true });
  });

  it("marks +Inf and −Inf buckets and keeps the finite band; a bucket of only NaN is NaN throughout", () => {
    const y = [1, Infinity, 3, -Infinity, NaN, NaN];
    const out = downsampleSeries({ x: range(6), y }, { maxPoints: 3, from: 0, to: 6 });
    expect(out.y).toEqual([Infinity, -Infinity, NaN]);
    expect(out.min.slice(0, 2)).toEqual([1, 3]);
    expect(out.max.slice(0, 2)).toEqual([1, 3]);
    expect(out.min[2]).toBeNaN();
    expect(out.max[2]).toBeNaN();
  });

  it("returns the points themselves when they fit, restricted to [from, to]", () => {
    const out = downsampleSeries({ x: range(100), y: range(100).map((i) => i * 2) }, { maxPoints: 50, from: 10, to: 19 });
    expect(out).toEqual({
      x: range(10).map((i) => i + 10),
      y: range(10).map((i) => (i + 10) * 2),
      min: range(10).map((i) => (i + 10) * 2),
      max: range(10).map((i) => (i + 10) * 2),
      count: 10,
      downsampled: false,
    });
  });

  it("returns every point for maxPoints 0", () => {
    const out = downsampleSeries({ x: range(5000), y: range(5000) }, { maxPoints: 0 });
    expect(out.x).toHaveLength(5000);
    expect(out.downsampled).toBe(false);
  });
});

describe("summarizeBlock", () => {
  it("summarises finite values and counts each kind of non-finite one", () => {
    const block = summarizeBlock({ x: [10, 11, 12, 13, 14, 15], y: [NaN, 4, -Infinity, 1, Infinity, 7] }, 0, 6);
    expect(block).toEqual({ stepLo: 10, stepHi: 15, count: 6, min: 1, max: 7, first: 4, last: 7, sum: 12, nanCount: 1, posInfCount: 1, negInfCount: 1 });
    const empty = summarizeBlock({ x: [0, 1], y: [NaN, NaN] }, 0, 2);
    expect(empty).toMatchObject({ count: 2, sum: 0, nanCount: 2 });
    expect([empty.min, empty.max, empty.first, empty.last].every(Number.isNaN)).toBe(true);
  });
});

describe("mergeBlocks", () => {
  it("gives the same buckets as downsampling the raw points when blocks align", () => {
    const y = range(100).map((i) => Math.cos(i) * 10);
    y[13] = NaN;
    y[57] = Infinity;
    const blocks = blocksOf(y, 10);
    // Width 19.8: block midpoints 4.5, 14.5 → bucket 0; points 0–19 → bucket 0, and so on.
    const merged = mergeBlocks(blocks, { maxPoints: 5, from: 0, to: 99 });
    const direct = downsampleSeries({ x: range(100), y }, { maxPoints: 5, from: 0, to: 99 });
    // Sums are added in a different order: y agrees to rounding.
    expect({ ...merged, y: [] }).toEqual({ ...direct, y: [] });
    merged.y.forEach((v, i) => (Number.isFinite(v) ? expect(v).toBeCloseTo(direct.y[i], 12) : expect(v).toBe(direct.y[i])));
    expect(merged.y[0]).toBeNaN();
    expect(merged.y[2]).toBe(Infinity);
  });

  it("counts only blocks overlapping [from, to]", () => {
    const y = range(40);
    const blocks = blocksOf(y, 10);
    const out = mergeBlocks(blocks, { maxPoints: 100, from: 12, to: 25 });
    expect(out.count).toBe(20);
    expect(out.x).toEqual([14.5, 24.5]);
    expect(out.y).toEqual([14.5, 24.5]);
    expect(out.min).toEqual([10, 20]);
    expect(out.max).toEqual([19, 29]);
  });
});
