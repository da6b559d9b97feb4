import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { epochMapper, fractionOfPlanned, relativeTime, toAxis } from "./align";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// 20 iterations per epoch, 3 epochs, like fixtures/realtrain: train rows every iteration with
// epoch = ⌊step/20⌋, a val row after each epoch at step 20(e+1) carrying epoch e.
const trainSteps = range(60);
const valSteps = [20, 40, 60];
const valEpochs = [0, 1, 2];
const perIteration = epochMapper({
  step: [...trainSteps, ...valSteps],
  epoch: [...trainSteps.map((s) => Math.floor(s / 20)), ...valEpochs],
});

describe("epoch axis", () => {
  it("gives per-iteration points fractional epochs", () => {
    expect(perIteration(0)).toBe(0);
    expect(perIteration(19)).toBeCloseTo(0.95, 12);
    expect(perIteration(30)).toBeCloseTo(1.5, 12);
    expect(perIteration(59)).toBeCloseTo(2.95, 12);
  });

  it("lines up a per-epoch run with a per-iteration run", () => {
    // Same schedule, but the run only logged once per epoch.
    const perEpoch = epochMapper({ step: valSteps, epoch: valEpochs });
    // A Keras-style run whose step counter is the epoch index.
    const epochCounter = epochMapper({ step: [0, 1, 2], epoch: [0, 1, 2] });
    expect(valSteps.map(perIteration)).toEqual([1, 2, 3]);
    expect(valSteps.map(perEpoch)).toEqual([1, 2, 3]);
    expect([0, 1, 2].map(epochCounter)).toEqual([1, 2, 3]);
  });

  it("puts a real run's validation points at whole epochs and its iterations inside them", () => {
    const file = path.resolve(__dirname, "../../fixtures/realtrain/sgd-5e-2-poly-s0.jsonl");
    const rows = readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; step: number; epoch: number });
    const toEpoch = epochMapper({ step: rows.map((r) => r.step), epoch: rows.map((r) => r.epoch) });
    for (const r of rows) {
      const x = toEpoch(r.step);
      if (r.type === "val") expect(x).toBeCloseTo(r.epoch + 1, 12);
      else expect(x >= r.epoch && x < r.epoch + 1).toBe(true);
    }
  });

  it("is NaN for a run without epochs, and toAxis then leaves the run off", () => {
    expect(epochMapper({ step: [1, 2], epoch: [NaN, NaN] })(1)).toBeNaN();
    expect(toAxis("epoch", { step: [1, 2] })).toBeNull();
    expect(toAxis("epoch", { step: valSteps, toEpoch: perIteration })).toEqual({ x: [1, 2, 3] });
  });
});

describe("time axes", () => {
  it("relative time counts seconds from the run's first point", () => {
    expect(relativeTime([100, 101.5, 130])).toEqual([0, 1.5, 30]);
    expect(relativeTime([105, 110], 100)).toEqual([5, 10]);
    expect(toAxis("relative", { step: [0, 1], time: [50, 60], runStartTime: 40 })).toEqual({ x: [10, 20] });
    expect(toAxis("time", { step: [0, 1], time: [50, 60] })).toEqual({ x: [50, 60] });
    expect(toAxis("relative", { step: [0, 1] })).toBeNull();
  });
});

describe("fraction of planned training", () => {
  it("lines up a 40k and an 80k schedule by max_steps", () => {
    const a = fractionOfPlanned([20_000, 40_000], { config: { max_steps: 40_000 }, lastStep: 40_000 });
    const b = fractionOfPlanned([40_000, 80_000], { config: { max_steps: "80000" }, lastStep: 80_000 });
    expect(a).toEqual({ x: [0.5, 1], basis: "max_steps" });
    expect(b).toEqual({ x: [0.5, 1], basis: "max_steps" });
  });

  it("uses epochs ÷ config.epochs when no step total is planned", () => {
    const out = fractionOfPlanned([30, 60], { config: { epochs: 3 }, toEpoch: perIteration, lastStep: 60 });
    expect(out.basis).toBe("epochs");
    expect(out.x[0]).toBeCloseTo(0.5, 12);
    expect(out.x[1]).toBeCloseTo(1, 12);
  });

  it("falls back to the last logged step and says so", () => {
    expect(fractionOfPlanned([50, 200], { config: { epochs: 3 }, lastStep: 200 })).toEqual({ x: [0.25, 1], basis: "last_step" });
    expect(toAxis("fraction", { step: [5, 10] })).toEqual({ x: [0.5, 1], basis: "last_step" });
  });
});
