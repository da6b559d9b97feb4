import { describe, expect, it } from "vitest";
import { BucketAggregator } from "./bucket-aggregator";
import { decodeFloats, encodeChunk } from "./chunk-codec";

describe("BucketAggregator", () => {
  it("keeps a single spike and a single NaN among a million points visible", () => {
    const n = 1_000_000;
    const agg = new BucketAggregator(0, n - 1, 2000);
    for (let i = 0; i < n; i++) agg.addPoint(i, i === 123_456 ? 1e6 : i === 654_321 ? NaN : Math.sin(i / 1000));
    const r = agg.result();
    expect(r.count).toBe(n);
    expect(r.x.length).toBe(2000);
    expect(Math.max(...(r.max as number[]))).toBe(1e6);
    expect(r.y.filter((y) => Number.isNaN(y)).length).toBe(1);
    const nanBucket = r.y.findIndex((y) => Number.isNaN(y));
    expect(r.x[nanBucket]).toBeGreaterThan(654_000);
    expect(r.x[nanBucket]).toBeLessThan(654_500);
  });

  it("gives the same buckets from block summaries as from raw points", () => {
    const steps = Array.from({ length: 4096 }, (_, i) => i);
    const values = steps.map((s) => Math.cos(s / 50) + (s === 1000 ? 5 : 0));
    const raw = new BucketAggregator(0, 4095, 16);
    steps.forEach((s, i) => raw.addPoint(s, values[i]));
    const viaBlocks = new BucketAggregator(0, 4095, 16);
    viaBlocks.addBlocks(decodeFloats(encodeChunk(steps, values).blocks[0]));
    const a = raw.result(),
      b = viaBlocks.result();
    expect(b.count).toBe(a.count);
    expect(b.max).toEqual(a.max);
    expect(b.min).toEqual(a.min);
    b.y.forEach((y, i) => expect(y).toBeCloseTo(a.y[i], 10));
  });
});
