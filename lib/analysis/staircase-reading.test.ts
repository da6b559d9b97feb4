import { describe, expect, it } from "vitest";
import { analyzeRun } from "./analyze-run";
import { configuredPlateauParams } from "./run-config";
import { loadRealRun } from "./testing/realtrain";
import type { RunInput, Series } from "./types";

// Issue 13 item 4: LR drops ×0.3 after epochs 8, 16 and 22, no `schedule` in the config. Whether
// they were plateau-driven is for the logged metric to say.
const IT_PER_EPOCH = 20;
const EPOCHS = 30;
const DROPS = [8, 16, 22];

/** mIoU per epoch: +0.01 each epoch, except the epochs listed, where it stays flat. */
function run(flatEpochs: number[]): RunInput {
  const lr: Series = { steps: [], values: [] };
  const epochs: Series = { steps: [], values: [] };
  for (let s = 1; s <= EPOCHS * IT_PER_EPOCH; s++) {
    const epoch = Math.ceil(s / IT_PER_EPOCH); // epochs done at the end of this iteration's epoch: iterations (e-1)·20+1 … e·20
    lr.steps.push(s);
    lr.values.push(0.01 * 0.3 ** DROPS.filter((d) => epoch > d).length);
    epochs.steps.push(s);
    epochs.values.push(epoch - 1); // logged 0-based, as `for epoch in range(EPOCHS)` does
  }
  const miou: Series = { steps: [], values: [] };
  let v = 0.2;
  for (let e = 1; e <= EPOCHS; e++) {
    if (!flatEpochs.includes(e)) v += 0.01;
    miou.steps.push(e * IT_PER_EPOCH);
    miou.values.push(v);
  }
  return { series: { lr, mIoU: miou }, epochs, config: { optimizer: "SGD", lr: 0.01 } };
}

describe("multistep vs ReduceLROnPlateau, read from the metric", () => {
  it("the metric still improving at every evaluation before a drop: multistep, and why", () => {
    const a = analyzeRun(run([]));
    expect(a.schedule.type).toBe("multistep");
    expect(a.schedule.params.milestonesEpochs).toEqual([8, 16, 22]);
    expect(a.schedule.params.gamma).toBeCloseTo(0.3, 9);
    expect(a.schedule.label).toBe("multistep ×0.3 at 8, 16, 22 ep");
    expect(a.schedule.alternatives).toBeUndefined();
    expect(a.schedule.evidence?.[0]).toBe(
      "mIoU was still improving at the evaluation before the drop at epoch 8, epoch 16, epoch 22: not plateau-driven there",
    );
  });

  it("the metric flat for the 3 evaluations before each drop: both readings fit, and the label says so", () => {
    const a = analyzeRun(run([6, 7, 8, 14, 15, 16, 20, 21, 22]));
    // 8/16/22 are not round: plateau-driven first. Patience 2 is the only one giving exactly these drops
    // (0 or 1 would cut after epoch 6, 14, 20; 3 never cuts).
    expect(a.schedule.type).toBe("plateau");
    expect(a.schedule.label).toBe("plateau-driven ×0.3 (3 drops), patience 2 on mIoU, or multistep ×0.3 at 8, 16, 22 ep");
    expect(a.schedule.alternatives).toEqual([{ type: "multistep", label: "multistep ×0.3 at 8, 16, 22 ep" }]);
    expect(a.schedule.evidence).toContain("ReduceLROnPlateau on mIoU (max) with patience 2 reproduces every drop");
  });

  it("with both fitting, a config naming multistep puts multistep first", () => {
    const input = run([6, 7, 8, 14, 15, 16, 20, 21, 22]);
    const a = analyzeRun({ ...input, config: { ...input.config, schedule: "multistep" } });
    expect(a.schedule.type).toBe("multistep");
    expect(a.schedule.label).toBe("multistep ×0.3 at 8, 16, 22 ep, or plateau-driven ×0.3 (3 drops), patience 2 on mIoU");
    expect(a.schedule.mismatch).toBeUndefined();
  });

  it("the real MultiStepLR run (milestones 15, 25): multistep, its round milestones noted", () => {
    const r = loadRealRun("sgd-2e-2-multistep");
    const a = analyzeRun(r.input);
    expect(a.schedule.type).toBe("multistep");
    expect(a.schedule.params.milestonesEpochs).toEqual([15, 25]);
    expect(a.schedule.evidence).toContain("the milestones are round numbers");
  });

  it("the real ReduceLROnPlateau run (factor 0.5, patience 2): plateau-driven, patience 2 among those that fit", () => {
    const r = loadRealRun("sgd-2e-2-plateau");
    const a = analyzeRun(r.input);
    expect(a.schedule.type).toBe("plateau");
    expect(a.schedule.params.milestones).toEqual([120, 240, 300, 360, 680, 740]);
    const m = /patience (\d+)(?:–(\d+))?|patience ≤ (\d+)/.exec(a.schedule.label)!;
    const [lo, hi] = m[3] !== undefined ? [0, Number(m[3])] : [Number(m[1]), Number(m[2] ?? m[1])];
    expect(lo).toBeLessThanOrEqual(2);
    expect(hi).toBeGreaterThanOrEqual(2);
  });
});

describe("the run's own ReduceLROnPlateau parameters", () => {
  it("come from schedule_params (PyTorch names) or Keras's names, only for a plateau scheduler", () => {
    expect(
      configuredPlateauParams({ schedule: "plateau", schedule_params: { factor: 0.2, patience: 3, threshold: 0.002, threshold_mode: "abs", cooldown: 1 } }),
    ).toEqual({
      factor: 0.2,
      patience: 3,
      threshold: 0.002,
      thresholdMode: "abs",
      cooldown: 1,
    });
    expect(configuredPlateauParams({ lr_scheduler: { type: "ReduceLROnPlateau", factor: 0.5, min_delta: 0.01, min_lr: 1e-6 } })).toEqual({
      factor: 0.5,
      threshold: 0.01,
      thresholdMode: "abs",
      minLr: 1e-6,
    });
    expect(configuredPlateauParams({ schedule: "step", schedule_params: { factor: 0.5, step_size: 10 } })).toEqual({});
    // A Keras run's callback arguments, replayed as PyTorch counts: patience and cooldown one less.
    expect(
      configuredPlateauParams({ framework: "keras", reduce_lr_on_plateau: { factor: 0.5, patience: 2, cooldown: 1, min_delta: 0.001, min_lr: 1e-6 } }),
    ).toEqual({ factor: 0.5, patience: 1, cooldown: 0, threshold: 0.001, thresholdMode: "abs", minLr: 1e-6 });
  });

  it("are what the analysis replays by default (the real plateau-abs run's own drops)", () => {
    const r = loadRealRun("adamw-1e-3-plateau-abs");
    const config = { schedule: "plateau", schedule_params: { factor: 0.2, patience: 3, threshold: 0.002, threshold_mode: "abs", cooldown: 1 } };
    const a = analyzeRun({ ...r.input, config });
    expect(a.plateauReplay.params).toMatchObject({ factor: 0.2, patience: 3, threshold: 0.002, thresholdMode: "abs", cooldown: 1 });
    expect(a.plateauReplay.reductions.map((x) => x.step)).toEqual(r.meta.plateau_reductions.map((x) => x.step));
  });
});
