import { describe, expect, it } from "vitest";
import { currentPlateau, detectPlateaus } from "./plateau-intervals";
import { epochScale } from "./series-keys";
import { loadRealRun } from "./testing/realtrain";
import type { Series } from "./types";

/** Deterministic pseudo-random noise. */
function noise(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
}

/** Rises to 0.5 by step 3000, flat until 7000, rises to 0.6 by 8000, flat after. */
function stairMetric(n: number, every: number, amp: number): Series {
  const rnd = noise(7);
  const steps: number[] = [],
    values: number[] = [];
  for (let s = 0; s < n; s += every) {
    const base = s < 3000 ? 0.5 * (s / 3000) : s < 7000 ? 0.5 : s < 8000 ? 0.5 + 0.1 * ((s - 7000) / 1000) : 0.6;
    steps.push(s);
    values.push(base + amp * rnd());
  }
  return { steps, values };
}

describe("plateau intervals", () => {
  it("finds the flat stretch of a noisy per-iteration curve", () => {
    const p = detectPlateaus(stairMetric(10000, 1, 0.05), { metric: "mIoU", mode: "max" });
    const main = p.find((x) => x.start < 7000 && x.end > 3000)!;
    expect(main).toBeDefined();
    expect(main.start).toBeGreaterThan(2500);
    expect(main.start).toBeLessThan(3400);
    expect(main.end).toBeGreaterThan(6600);
    expect(main.end).toBeLessThan(7400);
    expect(main.bestBefore).toBeCloseTo(0.5, 1);
    expect(p[p.length - 1].ongoing).toBe(true);
  });

  it("finds it on sparse per-epoch evaluations, and reports the LR drop inside", () => {
    const metric = stairMetric(10000, 250, 0.005);
    const lr = { steps: [0, 5000, 9999], values: [0.01, 0.001, 0.001] };
    const p = detectPlateaus(metric, { metric: "mIoU", mode: "max", lr });
    const main = p.find((x) => x.start <= 3000 && x.end >= 6500)!;
    expect(main).toBeDefined();
    expect(main.lrReducedAt).toBe(5000);
    expect(main.stepsStalled).toBe(5000 - main.start);
    expect(Math.abs(main.gainInside)).toBeLessThan(0.02);
  });

  it("counts a continuously decaying LR as reduced once it is 20% below its value at the plateau start", () => {
    const metric = stairMetric(10000, 250, 0.005);
    const lr = { steps: Array.from({ length: 10000 }, (_, i) => i), values: Array.from({ length: 10000 }, (_, i) => 0.01 * (1 - i / 10000)) };
    const main = detectPlateaus(metric, { metric: "mIoU", mode: "max", lr }).find((x) => x.start <= 3000 && x.end >= 6500)!;
    const expected = lr.steps.find((s) => s > main.start && lr.values[s] <= 0.8 * lr.values[main.start]);
    expect(main.lrReducedAt).toBe(expected);
    expect(main.stepsStalled).toBe(expected! - main.start);
  });

  it("handles a million-point per-iteration metric", () => {
    const p = detectPlateaus(stairMetric(1_000_000, 1, 0.05), { metric: "mIoU", mode: "max" });
    expect(p.length).toBeGreaterThan(0);
  });

  it("does not call a steadily improving curve a plateau", () => {
    const steps = Array.from({ length: 50 }, (_, i) => i * 100);
    const values = steps.map((s) => 1 - Math.exp(-s / 10000));
    expect(detectPlateaus({ steps, values }, { metric: "mIoU", mode: "max" })).toEqual([]);
  });

  it("works in min mode on a loss", () => {
    const m = stairMetric(10000, 100, 0.002);
    const loss = { steps: m.steps, values: m.values.map((v) => 1 - v) };
    const p = detectPlateaus(loss, { metric: "val_loss", mode: "min" });
    expect(p.some((x) => x.start >= 2900 && x.start <= 3300 && x.end >= 6900 && x.end <= 7100)).toBe(true);
  });

  it("marks the live plateau badge on a real run that stalled past its patience", () => {
    const run = loadRealRun("sgd-1e-5-const-too-low");
    const miou = run.input.series.mIoU;
    const early = { steps: miou.steps.slice(0, 3), values: miou.values.slice(0, 3) };
    expect(currentPlateau(early, { mode: "max", patience: 10 })).toBeNull();
    const run2 = loadRealRun("sgd-3-const-diverge");
    const badge = currentPlateau(run2.input.series.mIoU, { mode: "max", patience: 5 }, epochScale(run2.input.epochs));
    expect(badge).not.toBeNull();
    expect(badge!.sinceStep).toBe(run2.input.series.mIoU.steps[0]);
    expect(badge!.sinceEpoch).toBe(1);
    expect(badge!.evaluations).toBe(run2.input.series.mIoU.values.length - 1);
  });
});
