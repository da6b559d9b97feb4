import { describe, expect, it } from "vitest";
import { BucketAggregator } from "./bucket-aggregator";
import { BLOCK_FIELDS, BLOCK_SIZES, B_SUM, decodeFloats, encodeChunk, StepRuns } from "./chunk-codec";

describe("BucketAggregator", () => {
  it("keeps a single spike and a single NaN among a million points visible", () => {
    const n = 1_000_000;
    const agg = new BucketAggregator(0, n - 1, 2000);
    const steps = Float64Array.from({ length: n }, (_, i) => i);
    agg.addPoints(
      steps,
      steps.map((i) => (i === 123_456 ? 1e6 : i === 654_321 ? NaN : Math.sin(i / 1000))),
    );
    const r = agg.result();
    expect(r.count).toBe(n);
    expect(r.x.length).toBe(2000);
    expect(Math.max(...r.max)).toBe(1e6);
    expect(r.y.filter((y) => Number.isNaN(y)).length).toBe(1);
    const nanBucket = r.y.findIndex((y) => Number.isNaN(y));
    expect(r.x[nanBucket]).toBeGreaterThan(654_000);
    expect(r.x[nanBucket]).toBeLessThan(654_500);
  });

  it("gives the same buckets, to the bit, however a series' points are split into addPoints calls", () => {
    // Gaps in the steps, unaligned bucket edges (lo 3, width 37/9), NaN, ±Infinity, -0 and 0, and
    // buckets holding only non-finite values.
    const steps: number[] = [];
    for (let s = 3; s <= 39; s += s % 7 === 0 ? 3 : 1) steps.push(s);
    const special = [NaN, Infinity, -Infinity, -0, 0, NaN, 1e308, -1e308];
    const values = Float64Array.from(steps, (s, i) => (i % 5 === 2 ? special[i % special.length] : Math.sin(s) * 1e3 + 1 / (s + 0.1)));
    values[steps.indexOf(10)] = NaN;
    values[steps.indexOf(11)] = Infinity;
    const stepsArray = Float64Array.from(steps);
    const bucketed = (cuts: number[]) => {
      const agg = new BucketAggregator(3, 39, 9);
      for (let i = 0; i < cuts.length - 1; i++) agg.addPoints(stepsArray.subarray(cuts[i], cuts[i + 1]), values.subarray(cuts[i], cuts[i + 1]));
      return agg.result();
    };
    const whole = bucketed([0, steps.length]);
    // One point a call: each point added on its own, bucket by bucket.
    expect(bucketed(steps.map((_, i) => i).concat(steps.length))).toEqual(whole);
    // A call ending inside a bucket (a chunk boundary), and several more.
    for (const cuts of [
      [0, 5, steps.length],
      [0, 1, 2, 13, 14, 20, steps.length],
    ]) {
      expect(bucketed(cuts)).toEqual(whole);
    }
    expect(whole.count).toBe(steps.length);
    // The bucket of steps 10 and 11 (NaN first, then +Inf): NaN as its y, NaN extremes (none finite).
    const at = whole.x.indexOf(11);
    expect([whole.y[at], whole.min[at], whole.max[at]]).toEqual([NaN, NaN, NaN]);
    expect(whole.y.filter((y) => Number.isFinite(y)).length).toBeGreaterThan(3);
  });

  it("gives the same buckets from block summaries as from raw points", () => {
    const steps = Array.from({ length: 4096 }, (_, i) => i);
    const values = steps.map((s) => Math.cos(s / 50) + (s === 1000 ? 5 : 0));
    const raw = new BucketAggregator(0, 4095, 16);
    raw.addPoints(steps, values);
    const viaBlocks = new BucketAggregator(0, 4095, 16);
    viaBlocks.addBlocks(decodeFloats(encodeChunk(steps, values).blocks[0]));
    const a = raw.result(),
      b = viaBlocks.result();
    expect(b.count).toBe(a.count);
    expect(b.max).toEqual(a.max);
    expect(b.min).toEqual(a.min);
    b.y.forEach((y, i) => expect(y).toBeCloseTo(a.y[i], 10));
  });

  it("gives exactly the x and y of the whole records from a finite chunk's block sums and its steps, and no min/max", () => {
    // Steps in two runs of deltas (2, then 3) and a last block shorter than the others.
    const steps = Array.from({ length: 5000 }, (_, i) => (i < 3000 ? 100 + 2 * i : 100 + 2 * 2999 + 3 * (i - 2999)));
    const values = steps.map((s) => Math.sin(s / 300) * 1e3 + 1 / (s + 1));
    const chunk = encodeChunk(steps, values);
    const runs = new StepRuns(chunk.steps, steps.length);
    for (const [level, size] of BLOCK_SIZES.entries()) {
      const records = decodeFloats(chunk.blocks[level]);
      const count = records.length / BLOCK_FIELDS;
      const sums = Float64Array.from({ length: count }, (_, j) => records[j * BLOCK_FIELDS + B_SUM]);
      for (const [first, n] of [
        [0, count],
        [1, count - 1],
        [0, 1],
      ]) {
        const whole = new BucketAggregator(steps[0], steps.at(-1)!, 7);
        whole.addBlocks(records.subarray(first * BLOCK_FIELDS, (first + n) * BLOCK_FIELDS));
        const bySums = new BucketAggregator(steps[0], steps.at(-1)!, 7);
        bySums.addBlockSums({ stepLo: steps[0], stepHi: steps.at(-1)!, n: steps.length, steps: runs }, size, first, sums.subarray(first, first + n));
        const [a, b] = [whole.result(), bySums.result()];
        expect(b.x, `level ${size}, blocks ${first}+${n}`).toEqual(a.x);
        expect(b.y, `level ${size}, blocks ${first}+${n}`).toEqual(a.y);
        expect(b.count).toBe(a.count);
        expect([b.min, b.max]).toEqual([[], []]);
        expect(a.min.length).toBe(a.x.length);
      }
    }
    // Every step from 0 (dense): placed without the steps.
    const dense = Array.from({ length: 3000 }, (_, i) => i);
    const records = decodeFloats(encodeChunk(dense, values.slice(0, 3000)).blocks[1]);
    const whole = new BucketAggregator(0, 2999, 5);
    whole.addBlocks(records);
    const bySums = new BucketAggregator(0, 2999, 5);
    bySums.addBlockSums(
      { stepLo: 0, stepHi: 2999, n: 3000 },
      256,
      0,
      Float64Array.from({ length: records.length / BLOCK_FIELDS }, (_, j) => records[j * BLOCK_FIELDS + B_SUM]),
    );
    expect([bySums.result().x, bySums.result().y]).toEqual([whole.result().x, whole.result().y]);
  });
});
