import { describe, expect, it } from "vitest";
import type { MetricStats } from "@/lib/server/runs/run-view";
import { ANALYSIS_MAX_POINTS, analysisReads } from "./load-run-series";

const stats = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).map(([key, count]) => [key, { count, stepLo: 0, stepHi: count - 1 } as MetricStats]));

/** The points the reads can return at most: a key's count at full resolution, its buckets otherwise. */
const bound = (s: Record<string, MetricStats>, reads: { key: string; maxPoints: number }[]) =>
  reads.reduce((n, r) => n + (r.maxPoints === 0 ? s[r.key].count : Math.min(r.maxPoints, s[r.key].count)), 0);

describe("what an analysis reads", () => {
  it("reads a usual run's keys point by point, and a long key as 64-point bucket means", () => {
    const s = stats({ lr: 50_000, loss: 50_000, mIoU: 500, grad_norm: 1_000_000 });
    expect(analysisReads(s, Object.keys(s))).toEqual([
      { key: "lr", maxPoints: 0 },
      { key: "loss", maxPoints: 0 },
      { key: "mIoU", maxPoints: 0 },
      { key: "grad_norm", maxPoints: 15_625 },
    ]);
  });

  it("never reads more than ANALYSIS_MAX_POINTS, however many long keys a run has", () => {
    const s = stats(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`layer${i}/grad`, 100_000])));
    const reads = analysisReads(s, Object.keys(s));
    expect(bound(s, reads)).toBeLessThanOrEqual(ANALYSIS_MAX_POINTS);
    // 100,000 points as 64-point bucket means: 1,562 buckets, under the 6,666 each key may have.
    expect(reads[0].maxPoints).toBe(1_562);
    const many = stats(Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, 10_000_000])));
    expect(bound(many, analysisReads(many, Object.keys(many)))).toBeLessThanOrEqual(ANALYSIS_MAX_POINTS);
  });
});
