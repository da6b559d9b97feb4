import { describe, expect, it } from "vitest";
import { smooth, type Smoothing } from "@/lib/charts/smoothing";
import { emaWarmupPoints, smoothingReach, WARMUP_EPSILON } from "./smoothing-reach";

/**
 * The worst case for a cut history: a long stretch at 10, then noise in [0, 1) from shortly before
 * the range. Smoothing from `cutAt` must match smoothing from the start within ε × range (10).
 */
function cutError(s: Smoothing, n: number, rangeStart: number, cutAt: number): number {
  const x = Array.from({ length: n }, (_, i) => i);
  const y = x.map((i) => (i < cutAt + 3 ? 10 : (Math.sin(i * 78.233) + 1) / 2));
  const full = smooth({ x, y }, s);
  const cut = smooth({ x: x.slice(cutAt), y: y.slice(cutAt) }, s);
  let err = 0;
  for (let i = rangeStart; i < n; i++) err = Math.max(err, Math.abs(full[i] - cut[i - cutAt]));
  return err;
}

describe("warm-up of causal EMAs", () => {
  it("needs m points with w^m ≤ ε", () => {
    for (const w of [0.3, 0.6, 0.9, 0.99, 0.999]) {
      const m = emaWarmupPoints(w);
      expect(w ** m).toBeLessThanOrEqual(WARMUP_EPSILON);
      expect(w ** (m - 1)).toBeGreaterThan(WARMUP_EPSILON);
    }
    expect(emaWarmupPoints(0)).toBe(0);
    expect(emaWarmupPoints(1)).toBe(emaWarmupPoints(0.999)); // clamped like the smoother
  });

  it.each([0.6, 0.9, 0.99, 0.999])("ema:%s cut at the warm-up stays within ε × range, half of it does not", (weight) => {
    const s: Smoothing = { kind: "ema", weight };
    const m = smoothingReach(s).before;
    const start = 2 * m + 10;
    expect(cutError(s, start + 500, start, start - m)).toBeLessThanOrEqual(WARMUP_EPSILON * 10);
    expect(cutError(s, start + 500, start, start - Math.floor(m / 2))).toBeGreaterThan(WARMUP_EPSILON * 10 * 100);
  });

  it.each([3, 50])("time-ema:%s cut at the warm-up (in x) stays within ε × range, half of it does not", (halfLife) => {
    const s: Smoothing = { kind: "time-ema", halfLife };
    const reach = smoothingReach(s);
    expect(reach.unit).toBe("x");
    const m = Math.ceil(reach.before);
    const start = 2 * m + 10;
    expect(cutError(s, start + 500, start, start - m)).toBeLessThanOrEqual(WARMUP_EPSILON * 10);
    expect(cutError(s, start + 500, start, start - Math.floor(m / 2))).toBeGreaterThan(WARMUP_EPSILON * 10 * 100);
  });
});

describe("reach of the windowed smoothers", () => {
  it("is ±3σ for gaussian and ±window/2 for running: cutting there changes nothing", () => {
    expect(smoothingReach({ kind: "gaussian", sigma: 4 })).toEqual({ unit: "x", before: 12, after: 12 });
    expect(smoothingReach({ kind: "running", window: 9 })).toEqual({ unit: "points", before: 4, after: 4 });
    const x = Array.from({ length: 300 }, (_, i) => i);
    const y = x.map((i) => Math.sin(i * 78.233));
    for (const s of [
      { kind: "gaussian", sigma: 4 },
      { kind: "running", window: 9 },
    ] as Smoothing[]) {
      const full = smooth({ x, y }, s);
      const { before, after } = smoothingReach(s);
      const part = smooth({ x: x.slice(100 - before, 200 + after + 1), y: y.slice(100 - before, 200 + after + 1) }, s);
      for (let i = 100; i <= 200; i++) expect(part[i - 100 + before]).toBeCloseTo(full[i], 12);
    }
  });
});
