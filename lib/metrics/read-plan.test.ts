import { describe, expect, it } from "vitest";
import { encodeChunk, StepRuns } from "./chunk-codec";
import { planSeries, type IndexedChunk } from "./read-plan";

/** Chunks of 16,384 consecutive steps from 0, their steps known (regular logging) unless `unknown`. */
function chunks(count: number, { unknown = false } = {}): IndexedChunk[] {
  return Array.from({ length: count }, (_, k) => {
    const stepLo = k * 16_384;
    const steps = Float64Array.from({ length: 16_384 }, (_, i) => stepLo + i);
    return { stepLo, stepHi: stepLo + 16_383, n: 16_384, steps: unknown ? undefined : new StepRuns(encodeChunk(steps, steps).steps, steps.length) };
  });
}

describe("planSeries", () => {
  it("reads a long run at the coarsest block level whose blocks span at most two buckets", () => {
    const plan = planSeries(chunks(61), { lo: 0, hi: 61 * 16_384 - 1, maxPoints: 3000 });
    expect(plan.buckets).toBe(3000);
    // ~333 points per bucket: 256-point blocks (1,024 would span three buckets), every chunk whole.
    expect(plan.pieces).toHaveLength(61);
    expect(plan.pieces.every((p) => p.kind === "blocks" && p.size === 256 && p.first === 0 && p.count === 64)).toBe(true);
    // A point per pixel of a 1,500-pixel chart: ~666 points per bucket, 1,024-point blocks.
    const perPixel = planSeries(chunks(61), { lo: 0, hi: 61 * 16_384 - 1, maxPoints: 1500 });
    expect(perPixel.pieces.every((p) => p.kind === "blocks" && p.size === 1024 && p.count === 16)).toBe(true);
  });

  it("reads a zoom's edge chunks as their whole blocks inside the range plus the few points beside them", () => {
    const lo = 16_384 + 1000;
    const hi = 3 * 16_384 + 5000;
    const plan = planSeries(chunks(5), { lo, hi, maxPoints: 500 });
    const pieces = plan.pieces.map((p) => [p.kind, p.chunk.stepLo, p.first, p.count, p.kind === "blocks" ? p.size : 0]);
    // (hi − lo + 1) / 500 ≈ 100 points per bucket → 64-point blocks.
    expect(pieces).toEqual([
      ["points", 16_384, 1000, 24, 0], // up to the first whole block (1024 = 16 × 64)
      ["blocks", 16_384, 16, 240, 64],
      ["blocks", 32_768, 0, 256, 64],
      ["blocks", 49_152, 0, 78, 64], // 78 × 64 = 4992 points: steps up to lo + 4991
      ["points", 49_152, 4992, 9, 0], // the last 9 points, up to hi
    ]);
    expect(plan.points).toBe(hi - lo + 1);
  });

  it("reads an edge chunk whose steps are unknown whole, dropping what is outside after decoding", () => {
    const plan = planSeries(chunks(3, { unknown: true }), { lo: 100, hi: 20_000, maxPoints: 100 });
    expect(plan.pieces[0]).toMatchObject({ kind: "points", first: 0, count: 16_384, filter: true });
    expect(plan.pieces[1]).toMatchObject({ kind: "points", filter: true });
  });

  it("reads points, not buckets, when the range holds no more points than asked for", () => {
    const plan = planSeries(chunks(2), { lo: 100, hi: 1099, maxPoints: 2000 });
    expect(plan.buckets).toBe(0);
    expect(plan.pieces).toEqual([expect.objectContaining({ kind: "points", first: 100, count: 1000, filter: false })]);
  });
});
