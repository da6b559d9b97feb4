import { describe, expect, it } from "vitest";
import { isBetter, replayReduceLROnPlateau } from "./replay-plateau";
import { loadRealRun, valEvaluations } from "./testing/realtrain";

describe("ReduceLROnPlateau replay", () => {
  for (const name of ["sgd-2e-2-plateau", "adamw-1e-3-plateau-abs"]) {
    it(`reproduces PyTorch's recorded drops on ${name}`, () => {
      const { meta } = loadRealRun(name);
      const m = meta as Record<string, any>;
      const ev = valEvaluations(name);
      const replay = replayReduceLROnPlateau(
        { values: ev.values, steps: ev.steps, epochs: ev.epochs, startLr: m.lr },
        {
          mode: "max",
          factor: m.factor,
          patience: m.patience,
          threshold: m.threshold ?? 1e-4,
          thresholdMode: m.threshold_mode ?? "rel",
          cooldown: m.cooldown ?? 0,
          minLr: m.min_lr ?? 0,
        },
      );
      expect(replay.reductions.map((r) => ({ after_epoch: r.epoch, step: r.step, from: r.fromLr, to: r.toLr }))).toEqual(m.plateau_reductions);
    });
  }

  const steps = (n: number) => Array.from({ length: n }, (_, i) => i);

  it("counts NaN as not better", () => {
    const values = [1, NaN, NaN, NaN];
    const r = replayReduceLROnPlateau({ values, steps: steps(4), startLr: 1 }, { mode: "min", patience: 2, factor: 0.5 });
    expect(r.reductions.map((x) => x.evaluation)).toEqual([3]);
    expect(isBetter(NaN, 1, { mode: "max", threshold: 0, thresholdMode: "abs" })).toBe(false);
  });

  it("applies cooldown, min_lr and eps as PyTorch does", () => {
    const flat = Array(12).fill(1);
    const r = replayReduceLROnPlateau({ values: flat, steps: steps(12), startLr: 1 }, { mode: "min", patience: 0, cooldown: 2, factor: 0.1, minLr: 0.005 });
    // Reductions at 1, then after 2 cooldown evaluations at 4 and 7; 0.01 → max(0.001, 0.005) = 0.005; then 0.005 − 0.005 ≤ eps: none.
    expect(r.reductions.map((x) => [x.evaluation, x.toLr])).toEqual([
      [1, 0.1],
      [4, 0.010000000000000002],
      [7, 0.005],
    ]);
  });

  it("uses the relative threshold on the best value", () => {
    // 1.00005 is not better than 1 by 1e-4 relative in max mode, 1.0002 is.
    expect(isBetter(1.00005, 1, { mode: "max", threshold: 1e-4, thresholdMode: "rel" })).toBe(false);
    expect(isBetter(1.0002, 1, { mode: "max", threshold: 1e-4, thresholdMode: "rel" })).toBe(true);
    expect(isBetter(0.9998, 1, { mode: "min", threshold: 1e-4, thresholdMode: "rel" })).toBe(true);
  });
});
