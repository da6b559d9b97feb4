import { describe, expect, it } from "vitest";
import { smooth } from "@/lib/charts/smoothing";
import { BucketAggregator } from "./bucket-aggregator";
import { BLOCK_SIZES, CHUNK_MAX, decodeFloats, encodeChunk } from "./chunk-codec";
import { chunkedBlocks, chunkLevel } from "./smoothed-blocks";

/** A noisy decaying loss with a NaN gap and an Infinity, stored as chunks of CHUNK_MAX then a short one. */
function series(n: number) {
  const steps = Float64Array.from({ length: n }, (_, i) => i);
  const values = steps.map((s) => (s >= 3000 && s < 3100 ? NaN : s === 40_000 ? Infinity : 1 / (1 + s / 5000) + 0.1 * Math.sin(s * 12.9898)));
  const chunkLengths = Array.from({ length: Math.ceil(n / CHUNK_MAX) }, (_, c) => Math.min(CHUNK_MAX, n - c * CHUNK_MAX));
  return { steps, values, chunkLengths };
}

describe("chunkedBlocks / chunkLevel (the cached smoothed series)", () => {
  const { steps, values, chunkLengths } = series(70_000);
  const smoothed = smooth({ x: steps, y: values }, { kind: "ema", weight: 0.6 });
  const cached = chunkedBlocks(steps, smoothed, chunkLengths);

  it("holds, for every chunk and level, exactly the blocks the codec would store for the smoothed points", () => {
    let at = 0;
    for (const n of chunkLengths) {
      const chunk = encodeChunk(steps.subarray(at, at + n), smoothed.subarray(at, at + n));
      BLOCK_SIZES.forEach((size, level) => expect(Array.from(chunkLevel(cached, steps[at], n, size)!)).toEqual(Array.from(decodeFloats(chunk.blocks[level]))));
      at += n;
    }
    expect(chunkLevel(cached, 12_345, 100, 64)).toBeUndefined(); // no chunk starts there
  });

  it("buckets like smoothing the whole raw series and averaging each bucket's points", () => {
    // 65,536 points in 256 buckets of 256 steps: every 256-point block lies inside one bucket.
    const n = 65_536;
    for (const [buckets, size] of [
      [256, 256],
      [1024, 64],
    ]) {
      const direct = new BucketAggregator(0, n - 1, buckets);
      for (let i = 0; i < n; i++) direct.addPoint(steps[i], smoothed[i]);
      const viaCache = new BucketAggregator(0, n - 1, buckets);
      let at = 0;
      for (const len of chunkLengths.slice(0, 4)) {
        viaCache.addBlocks(chunkLevel(cached, steps[at], len, size)!);
        at += len;
      }
      const a = direct.result();
      const b = viaCache.result();
      expect(b.x).toEqual(a.x);
      expect(b.y.some((y) => Number.isNaN(y))).toBe(true);
      b.y.forEach((y, i) => (Number.isFinite(a.y[i]) ? expect(Math.abs(y - a.y[i])).toBeLessThan(1e-12) : expect(y).toBe(a.y[i])));
    }
  });
});
