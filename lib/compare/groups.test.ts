import { describe, expect, it } from "vitest";
import { curveBand, groupCurve, groupGrid, groupRuns, type GroupableRun } from "./groups";

const run = (id: string, config: Record<string, unknown>, best: number | null, stepsTo95: number | null): GroupableRun => ({
  id,
  config,
  summary: { best, stepsTo95 },
});

const runs = [
  run("a0", { optimizer: "AdamW", schedule: "cosine", seed: 0 }, 0.5, 100),
  run("a1", { optimizer: "AdamW", schedule: "cosine", seed: 1 }, 0.6, 200),
  run("a2", { optimizer: "AdamW", schedule: "poly", seed: 2 }, 0.7, 300),
  run("s0", { optimizer: "SGD", schedule: "poly", seed: 0 }, 0.4, null),
  run("x0", { schedule: "poly" }, NaN, 50),
];

describe("groupRuns", () => {
  it("aggregates best (sample std) and stepsTo95 per optimizer", () => {
    const groups = groupRuns(runs, ["optimizer"]);
    expect(groups.map((g) => g.label)).toEqual(["optimizer=AdamW", "optimizer=SGD", "optimizer=(unset)"]);
    const [adamw, sgd, unset] = groups;
    expect(adamw.key).toEqual({ optimizer: "AdamW" });
    expect(adamw.runIds).toEqual(["a0", "a1", "a2"]);
    expect(adamw.n).toBe(3);
    expect(adamw.best.mean).toBeCloseTo(0.6, 12);
    expect(adamw.best.std).toBeCloseTo(0.1, 12); // √(((−0.1)² + 0² + 0.1²) / 2)
    expect(adamw.best.min).toBe(0.5);
    expect(adamw.best.max).toBe(0.7);
    expect(adamw.stepsTo95).toEqual({ mean: 200, std: 100 });
    // One run: std 0; no stepsTo95: null.
    expect(sgd.best).toEqual({ mean: 0.4, std: 0, min: 0.4, max: 0.4 });
    expect(sgd.stepsTo95).toEqual({ mean: null, std: null });
    // A non-finite best is counted in n but not in the statistics.
    expect(unset.n).toBe(1);
    expect(unset.best.mean).toBeNull();
  });

  it("labels multi-key groups and reads nested keys", () => {
    const groups = groupRuns(
      [run("p", { optimizer: "SGD", sched: { name: "poly" } }, 1, 1), run("q", { optimizer: "SGD", sched: { name: "cosine" } }, 2, 2)],
      ["optimizer", "sched.name"],
    );
    expect(groups.map((g) => g.label)).toEqual(["optimizer=SGD, sched.name=cosine", "optimizer=SGD, sched.name=poly"]);
  });

  it("orders numeric values numerically", () => {
    const groups = groupRuns([run("a", { lr: 0.01 }, 1, 1), run("b", { lr: 0.002 }, 1, 1), run("c", { lr: 0.1 }, 1, 1)], ["lr"]);
    expect(groups.map((g) => g.label)).toEqual(["lr=0.002", "lr=0.01", "lr=0.1"]);
  });
});

describe("groupGrid", () => {
  it("puts optimizer in rows and schedule in columns with mean ± std of best", () => {
    const grid = groupGrid(runs.slice(0, 4), "optimizer", "schedule");
    expect(grid.rows).toEqual(["AdamW", "SGD"]);
    expect(grid.cols).toEqual(["cosine", "poly"]);
    const [[adamCos, adamPoly], [sgdCos, sgdPoly]] = grid.cells;
    expect(adamCos?.runIds).toEqual(["a0", "a1"]);
    expect(adamCos?.n).toBe(2);
    expect(adamCos?.best.mean).toBeCloseTo(0.55, 12);
    expect(adamCos?.best.std).toBeCloseTo(Math.SQRT1_2 * 0.1, 12);
    expect(adamPoly).toEqual({ runIds: ["a2"], n: 1, best: { mean: 0.7, std: 0 } });
    expect(sgdCos).toBeNull();
    expect(sgdPoly?.runIds).toEqual(["s0"]);
  });
});

describe("groupCurve", () => {
  it("averages runs of different density on the union of their x, never extrapolating", () => {
    const curve = groupCurve([
      { x: [0, 10, 20], y: [0, 1, 2] },
      { x: [0, 5, 10, 15], y: [2, 2, 2, 2] },
    ]);
    expect(curve.x).toEqual([0, 5, 10, 15, 20]);
    expect(curve.n).toEqual([2, 2, 2, 2, 1]);
    expect(curve.mean).toEqual([1, 1.25, 1.5, 1.75, 2]);
    expect(curve.min).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(curve.max).toEqual([2, 2, 2, 2, 2]);
    expect(curve.std[0]).toBeCloseTo(Math.SQRT2, 12);
    expect(curve.std[4]).toBe(0);
  });

  it("gives a min–max or ±1 std band", () => {
    const curve = groupCurve([
      { x: [0, 1], y: [1, 3] },
      { x: [0, 1], y: [3, 3] },
    ]);
    expect(curveBand(curve, "minmax")).toEqual({ x: [0, 1], lower: [1, 3], upper: [3, 3] });
    const std = curveBand(curve, "std");
    expect(std.lower[0]).toBeCloseTo(2 - Math.SQRT2, 12);
    expect(std.upper[0]).toBeCloseTo(2 + Math.SQRT2, 12);
    expect(std.upper[1]).toBe(3);
  });

  it("drops a run where it is non-finite, and can use a fixed grid", () => {
    const curve = groupCurve(
      [
        { x: [0, 10, 20], y: [1, 1, NaN] },
        { x: [0, 10, 20], y: [3, 3, 3] },
      ],
      { gridPoints: 3 },
    );
    expect(curve.x).toEqual([0, 10, 20]);
    expect(curve.mean).toEqual([2, 2, 3]);
    expect(curve.n).toEqual([2, 2, 1]);
  });
});
