import { describe, expect, it } from "vitest";
import { loadRealRun } from "./testing/realtrain";
import { compareVerdict, differingKeys, stepsToFraction } from "./verdict";
import type { VerdictRun } from "./verdict";

const SEEDED = ["adamw-1e-3-cosine-s0", "adamw-1e-3-cosine-s1", "adamw-1e-3-cosine-s2", "sgd-5e-2-poly-s0", "sgd-5e-2-poly-s1", "sgd-5e-2-poly-s2"];

function realRuns(names: string[]): VerdictRun[] {
  return names.map((name) => {
    const { input } = loadRealRun(name);
    return { id: name, config: input.config!, metric: input.series.mIoU };
  });
}

describe("controlled comparison verdict", () => {
  it("compares AdamW 1e-3 ×3 seeds with SGD 5e-2 ×3 seeds", () => {
    const runs = realRuns(SEEDED);
    const { groups, verdict } = compareVerdict({ runs, metric: "mIoU", mode: "max" });
    expect(groups.map((g) => [g.label, g.n])).toEqual([
      ["optimizer=AdamW", 3],
      ["optimizer=SGD", 3],
    ]);
    const adamw = groups[0];
    const bests = SEEDED.slice(0, 3).map((n) => Math.max(...loadRealRun(n).input.series.mIoU.values));
    expect(adamw.best.mean).toBeCloseTo(bests.reduce((a, b) => a + b) / 3, 12);
    expect(adamw.definition).toEqual({ lr: 0.001, schedule: "cosine", power: undefined });
    expect(verdict).not.toBeNull();
    expect(verdict!.arms).toEqual(["optimizer=AdamW", "optimizer=SGD"]);
    expect(verdict!.better).toBe("optimizer=AdamW");
    expect(verdict!.difference).toBeCloseTo(adamw.best.mean - groups[1].best.mean, 12);
    // AdamW seeds spread 0.486–0.533: the 0.017 gap is within the seed noise.
    expect(verdict!.exceedsSeedNoise).toBe(false);
    expect(verdict!.confounders).toEqual([]);
    expect(verdict!.fasterToConverge).not.toBeNull();
    expect(verdict!.moreStable).not.toBeNull();
    expect(verdict!.text).toContain("optimizer=AdamW");
    expect(verdict!.text).toContain("within the seed-to-seed noise");
  });

  it("says seed noise is unknown with one run per arm", () => {
    const { verdict } = compareVerdict({ runs: realRuns(["adamw-1e-4-cosine-s0", "sgd-5e-3-poly-s0"]), metric: "mIoU", mode: "max" });
    expect(verdict!.exceedsSeedNoise).toBeNull();
  });

  it("names confounders: keys varying within an arm, never seeds", () => {
    const runs = realRuns(["adamw-1e-3-cosine-s0", "adamw-1e-4-cosine-s0", "sgd-5e-2-poly-s0", "sgd-5e-2-poly-s1"]);
    const { verdict } = compareVerdict({ runs, metric: "mIoU", mode: "max" });
    expect(verdict!.confounders).toEqual(["lr"]);
    expect(verdict!.text).toMatch(/confounded by lr/);
  });

  it("declares a difference beyond seed noise when arms are well separated", () => {
    const curve = (top: number) => ({ steps: [0, 100, 200], values: [0.1, top * 0.9, top] });
    const runs = [0.5, 0.51, 0.505]
      .map((b, i) => ({ id: "a" + i, config: { optimizer: "AdamW", seed: i }, metric: curve(b) }))
      .concat([0.4, 0.41, 0.405].map((b, i) => ({ id: "s" + i, config: { optimizer: "SGD", seed: i }, metric: curve(b) })));
    const { verdict } = compareVerdict({ runs, metric: "mIoU", mode: "max" });
    expect(verdict).toMatchObject({ better: "optimizer=AdamW", exceedsSeedNoise: true, confounders: [] });
    expect(verdict!.difference).toBeCloseTo(0.1, 12);
  });

  it("handles min mode and groupBy", () => {
    const runs = [
      { id: "a", config: { schedule: "cosine", optimizer: "SGD" }, metric: { steps: [0, 1], values: [1, 0.3] } },
      { id: "b", config: { schedule: "poly", optimizer: "SGD" }, metric: { steps: [0, 1], values: [1, 0.2] } },
    ];
    const { verdict } = compareVerdict({ runs, metric: "val_loss", mode: "min", groupBy: ["schedule"] });
    expect(verdict!.better).toBe("schedule=poly");
    expect(verdict!.difference).toBeCloseTo(-0.1, 12);
  });
});

describe("helpers", () => {
  it("lists differing keys", () => {
    expect(
      differingKeys([
        { a: 1, b: 2 },
        { a: 1, b: 3, c: 0 },
      ]),
    ).toEqual(["b", "c"]);
  });

  it("finds the steps to 95% of the best", () => {
    expect(stepsToFraction({ steps: [0, 10, 20, 30], values: [0.1, 0.5, 0.96, 1] }, "max", 0.95)).toBe(20);
    expect(stepsToFraction({ steps: [0, 10, 20], values: [2, 1.04, 1] }, "min", 0.95)).toBe(10);
  });
});
