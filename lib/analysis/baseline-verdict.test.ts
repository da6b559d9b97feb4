import { describe, expect, it } from "vitest";
import { baselineVerdict } from "./baseline-verdict";
import type { CompareGroup } from "./verdict";

const runs = [
  { id: "base", name: "adamw-poly", best: 0.7 },
  { id: "a", name: "sgd-cos", best: 0.725 },
  { id: "b", name: "sgd-step", best: 0.69 },
  { id: "c", name: "empty", best: null },
];

describe("baselineVerdict", () => {
  it("scores each run against the baseline, + meaning better, in either mode", () => {
    const v = baselineVerdict({ baselineId: "base", runs, metric: "mIoU", mode: "max" })!;
    expect(v.runs.map((r) => [r.id, r.gain === null ? null : +r.gain.toFixed(4), r.better])).toEqual([
      ["a", 0.025, true],
      ["b", -0.01, false],
      ["c", null, null],
    ]);
    expect(v.text).toBe("Vs baseline adamw-poly (best mIoU 0.7): 1 of 2 runs beat it. Best: sgd-cos +0.025.");
    const loss = baselineVerdict({ baselineId: "base", runs, metric: "loss", mode: "min" })!;
    expect(loss.runs[0].better).toBe(false);
    expect(loss.text).toContain("Best: sgd-step +0.01");
  });

  it("speaks of arms when runs are grouped, with seed noise", () => {
    const group = (label: string, runIds: string[], mean: number, std: number): CompareGroup => ({
      key: {},
      label,
      runIds,
      n: runIds.length,
      best: { mean, std, min: mean, max: mean },
      stepsTo95: { mean: 0, std: 0 },
      definition: {},
    });
    const v = baselineVerdict({
      baselineId: "base",
      runs,
      groups: [group("AdamW", ["base"], 0.7, 0), group("SGD", ["a", "b", "x"], 0.72, 0.002)],
      metric: "mIoU",
      mode: "max",
    })!;
    expect(v.arms).toHaveLength(1);
    expect(v.arms[0]).toMatchObject({ label: "SGD", better: true, beyondSeedNoise: true });
    expect(v.text).toBe("Vs baseline adamw-poly (best mIoU 0.7): SGD (n=3) 0.72, +0.02 better, beyond its seed noise.");
  });

  it("says so when the baseline has no value, and is null when the baseline is not compared", () => {
    expect(baselineVerdict({ baselineId: "c", runs, metric: "mIoU", mode: "max" })!.text).toMatch(/has no mIoU yet/);
    expect(baselineVerdict({ baselineId: "zzz", runs, metric: "mIoU", mode: "max" })).toBeNull();
  });
});
