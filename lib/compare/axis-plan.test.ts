import { describe, expect, it } from "vitest";
import { axisPlan, defaultCharts, serverRange, type PlannedRun } from "./axis-plan";

const detail = (config: Record<string, unknown>, hasEpoch = true, hasTime = true): PlannedRun => ({ config, hasEpoch, hasTime, metrics: [{ stepMax: 999 }] });

describe("axis plans", () => {
  it("asks the server for the same axis on step, epoch and the time axes", () => {
    expect(axisPlan("step", detail({}))).toEqual({ server: "step", scale: 1 });
    expect(axisPlan("epoch", detail({}))).toEqual({ server: "epoch", scale: 1 });
    expect(axisPlan("relative", detail({}))).toEqual({ server: "relative", scale: 1 });
    expect(axisPlan("time", detail({}))).toEqual({ server: "time", scale: 1 });
  });

  it("divides by max_steps, else by epochs on the epoch axis, else by the last step", () => {
    expect(axisPlan("fraction", detail({ max_steps: 4000 }))).toEqual({ server: "step", scale: 1 / 4000 });
    expect(axisPlan("fraction", detail({ epochs: 20 }))).toEqual({ server: "epoch", scale: 1 / 20 });
    expect(axisPlan("fraction", detail({}))).toEqual({ server: "step", scale: 1 / 999 });
  });

  it("leaves a run off an axis it has no data for", () => {
    expect(axisPlan("epoch", detail({}, false))).toBeNull();
    expect(axisPlan("relative", detail({}, true, false))).toBeNull();
    expect(axisPlan("time", detail({}, true, false))).toBeNull();
  });

  it("takes a zoom back to the server's units", () => {
    expect(serverRange({ min: 0.25, max: 0.5 }, { server: "step", scale: 1 / 4000 })).toEqual({ min: 1000, max: 2000 });
  });
});

describe("default charts", () => {
  it("stacks LR, the main metric, then train and val loss together", () => {
    expect(defaultCharts(["aAcc", "loss", "lr", "mIoU", "val_loss"], "mIoU")).toEqual([["lr"], ["mIoU"], ["loss", "val_loss"]]);
  });

  it("leaves out a chart no run has keys for", () => {
    expect(defaultCharts(["loss", "acc"], "mIoU")).toEqual([["loss"]]);
    expect(defaultCharts([], "mIoU")).toEqual([]);
  });
});
