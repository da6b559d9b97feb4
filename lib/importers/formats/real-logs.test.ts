import { describe, expect, it } from "vitest";
import { collectOne, ends } from "../test-helpers/collect";
import { fixtureDir } from "../test-helpers/sources";

// Real logs from public repositories (licence and source in each fixture folder's README), and files
// produced by a framework's own writer code (said so there). Every expectation below was read off the
// file by hand.

describe("Ultralytics results.csv + args.yaml (real, MIT)", () => {
  it("8.0.x segmentation (padded header and cells, AdamW): 20 epochs, 1-based, warmup lr then linear decay", async () => {
    const r = await collectOne(fixtureDir("fixtures/reallogs-mit/ultralytics/ultralytics-8.0-seg-adamw"));
    expect(r.format).toBe("ultralytics");
    expect(r.run.name).toBe("optimizer_AdamW_patience_10");
    expect(Object.keys(r.series)).toHaveLength(19);
    expect(ends(r, "train/seg_loss")).toEqual({ count: 20, first: [1, 0.76251], last: [20, 0.71844] });
    expect(ends(r, "metrics/mAP50-95(M)")).toEqual({ count: 20, first: [1, 0.45507], last: [20, 0.57529] });
    // Three warmup epochs, then the linear decay towards lrf × lr0.
    expect(r.series["lr/pg0"].slice(0, 4)).toEqual([
      [1, 0.003268],
      [2, 0.006536],
      [3, 0.0097379],
      [4, 0.009703],
    ]);
    expect(ends(r, "lr/pg0").last).toEqual([20, 0.008218]);
    expect(r.run.keys).toEqual({ x: "epoch", lr: "lr/pg0", mainMetric: "metrics/mAP50-95(M)" });
    expect(r.run.config).toMatchObject({ optimizer: "AdamW", lr: 0.01, batch_size: 16, epochs: 100, schedule: "linear", warmup_epochs: 3 });
    expect(r.run.warnings).toEqual([]);
  });

  it("8.0.x segmentation with `nan` validation losses: NaN is data, kept at every epoch", async () => {
    const r = await collectOne(fixtureDir("fixtures/reallogs-mit/ultralytics/ultralytics-8.0-seg-nan"));
    expect(r.format).toBe("ultralytics");
    expect(r.run.name).toBe("ultralytics-8.0-seg-nan");
    expect(r.series["val/box_loss"]).toHaveLength(12);
    expect(r.series["val/box_loss"].every(([, v]) => Number.isNaN(v))).toBe(true);
    expect(r.series["val/dfl_loss"].every(([, v]) => Number.isNaN(v))).toBe(true);
    expect(ends(r, "val/seg_loss")).toEqual({ count: 12, first: [1, 0.44718], last: [12, 0.5511] });
    expect(r.series["val/seg_loss"][9]).toEqual([10, 6.1559]);
    expect(ends(r, "lr/pg0")).toEqual({ count: 12, first: [1, 0.00018], last: [12, 0.001802] });
    expect(r.run.config).toEqual({});
  });

  it("8.3 column set (no padding, `time` column of elapsed seconds): 25 epochs, lr 0 at epoch 1", async () => {
    const r = await collectOne(fixtureDir("fixtures/reallogs-mit/ultralytics/yolov8n-seg-8.3"));
    expect(r.format).toBe("ultralytics");
    expect(r.run.name).toBe("train2");
    // `time` is elapsed training seconds, not a Unix time: kept as a metric, not as the time axis.
    expect(ends(r, "time")).toEqual({ count: 25, first: [1, 35.3829], last: [25, 388.23] });
    expect(r.times.size).toBe(0);
    expect(ends(r, "train/seg_loss")).toEqual({ count: 25, first: [1, 4.88336], last: [25, 1.22487] });
    expect(ends(r, "metrics/mAP50-95(M)")).toEqual({ count: 25, first: [1, 0.05914], last: [25, 0.6907] });
    expect(ends(r, "lr/pg0")).toEqual({ count: 25, first: [1, 0], last: [25, 2.3808e-5] });
    expect(Math.max(...r.series["lr/pg0"].map(([, v]) => v))).toBe(0.000126152);
    expect(r.run.config).toMatchObject({ optimizer: "auto", lr: 0.01, batch_size: 16, epochs: 25, schedule: "linear", warmup_epochs: 3 });
  });
});

describe("Hugging Face trainer_state.json (real, MIT; transformers ≥ 4.5x)", () => {
  it("reads per-epoch train entries and six eval sets logged at the same steps", async () => {
    const r = await collectOne(fixtureDir("fixtures/reallogs-mit/hf-trainer-state/trainer_state_viz"));
    expect(r.format).toBe("hf-trainer-state");
    expect(r.name).toBe("trainer_state_viz");
    expect(Object.keys(r.series)).toHaveLength(33);
    expect(ends(r, "loss")).toEqual({ count: 3, first: [401, 1.1074], last: [1203, 0.3116] });
    expect(ends(r, "learning_rate")).toEqual({ count: 3, first: [401, 1e-5], last: [1203, 1e-5] });
    expect(ends(r, "grad_norm").first).toEqual([401, 5.49674654006958]);
    expect(ends(r, "eval_g0_accuracy")).toEqual({ count: 4, first: [0, 0.7082294264339152], last: [1203, 0.6683291770573566] });
    expect(ends(r, "eval_g5_loss")).toEqual({ count: 4, first: [0, 3.7603373527526855], last: [1203, 2.4893507957458496] });
    // Different eval sets at one step are different keys: nothing collapses.
    expect(r.run.collapsed).toEqual({});
    expect(r.epochs.get(0)).toBe(0);
    expect(r.epochs.get(1203)).toBe(3);
    expect(r.run.keys).toMatchObject({ x: "step", lr: "learning_rate" });
    expect(r.run.config).toMatchObject({ max_steps: 12030, epochs: 30, batch_size: 4 });
  });
});
