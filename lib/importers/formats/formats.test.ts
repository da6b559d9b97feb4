import { describe, expect, it } from "vitest";
import { collectOne, ends } from "../test-helpers/collect";
import { fixtureDir, fixtureFile, memFile } from "../test-helpers/sources";

describe("Keras CSVLogger (MIT, BraTS2020, CRLF)", () => {
  it("reads 24 epochs of 11 metrics with the ReduceLROnPlateau lr", async () => {
    const r = await collectOne([fixtureFile("fixtures/reallogs-mit/4hmetcakmak_brats2020_keras_csvlogger_training.log")]);
    expect(r.format).toBe("keras-csv");
    expect(Object.keys(r.series).sort()).toEqual(
      [
        "accuracy",
        "dice_coef",
        "loss",
        "lr",
        "mean_io_u_5",
        "precision",
        "val_accuracy",
        "val_dice_coef",
        "val_loss",
        "val_mean_io_u_5",
        "val_precision",
      ].sort(),
    );
    expect(ends(r, "loss")).toEqual({ count: 24, first: [0, 0.05603187158703804], last: [23, 0.02580178715288639] });
    expect(ends(r, "lr").last).toEqual([23, 1e-6]);
    expect(r.series.lr[4]).toEqual([4, 0.00020000001]);
    expect(r.run.keys).toEqual({ x: "epoch", lr: "lr", mainMetric: "val_mean_io_u_5" });
    expect(r.epochs.get(23)).toBe(23);
  });
});

describe("torch-lr-finder history (MIT, conebeam)", () => {
  it("reads 100 log-spaced lrs with their losses", async () => {
    const r = await collectOne([fixtureFile("fixtures/reallogs-mit/phernst_conebeam_torch_lr_finder_history.json")]);
    expect(r.format).toBe("torch-lr-finder");
    expect(ends(r, "lr")).toEqual({ count: 100, first: [0, 1e-8], last: [99, 1] });
    expect(ends(r, "loss").first).toEqual([0, 2.137202927560515]);
    expect(r.run.tags).toEqual(["lr-finder"]);
  });
});

describe("generic JSONL (realtrain, PyTorch AdamW cosine)", () => {
  it("merges train and val lines by step", async () => {
    const r = await collectOne([fixtureFile("fixtures/realtrain/adamw-1e-3-cosine-s0.jsonl")]);
    expect(r.format).toBe("generic-jsonl");
    expect(r.name).toBe("adamw-1e-3-cosine-s0");
    expect(Object.keys(r.series).sort()).toEqual(["aAcc", "loss", "lr", "mIoU", "time", "val_loss"]);
    expect(ends(r, "lr")).toEqual({ count: 600, first: [0, 0.001], last: [599, 6.853876286627733e-9] });
    expect(ends(r, "mIoU")).toEqual({ count: 30, first: [20, 0.29078776041666665], last: [600, 0.482218796369259] });
    expect(r.run.keys).toEqual({ x: "step", lr: "lr", mainMetric: "mIoU" });
    expect(r.epochs.get(600)).toBe(29);
  });

  it('keeps a NaN divergence as NaN (strings "NaN")', async () => {
    const r = await collectOne([fixtureFile("fixtures/realtrain/sgd-80-const-nan.jsonl")]);
    expect(r.series.loss.some(([, v]) => Number.isNaN(v))).toBe(true);
  });
});

describe("Ultralytics results.csv + args.yaml (written as Ultralytics 8.0 writes it)", () => {
  it("reads 5 epochs, padded header, and maps args.yaml", async () => {
    const r = await collectOne(fixtureDir("fixtures/importers/ultralytics-seg"));
    expect(r.format).toBe("ultralytics");
    expect(r.name).toBe("train");
    expect(Object.keys(r.series)).toHaveLength(19);
    expect(ends(r, "metrics/mAP50(M)")).toEqual({ count: 5, first: [1, 0.43125], last: [5, 0.55123] });
    expect(ends(r, "lr/pg2")).toEqual({ count: 5, first: [1, 0.09406], last: [5, 0.00101] });
    expect(r.run.keys).toEqual({ x: "epoch", lr: "lr/pg0", mainMetric: "metrics/mAP50-95(M)" });
    expect(r.run.config).toMatchObject({
      optimizer: "auto",
      lr: 0.01,
      momentum: 0.937,
      batch_size: 16,
      epochs: 5,
      schedule: "linear",
      schedule_params: { lrf: 0.01 },
      warmup_epochs: 3,
    });
    expect((r.run.config.original as Record<string, Record<string, unknown>>).args.cos_lr).toBe(false);
  });
});

describe("Lightning metrics.csv + hparams.yaml (written as CSVLogger writes it)", () => {
  it("merges sparse rows by step and names the optimizer from lr-AdamW", async () => {
    const r = await collectOne(fixtureDir("fixtures/importers/lightning"));
    expect(r.format).toBe("lightning-csv");
    expect(Object.keys(r.series).sort()).toEqual(["lr-AdamW", "train_loss", "val_loss", "val_mIoU"]);
    expect(ends(r, "train_loss")).toEqual({ count: 4, first: [49, 0.9123], last: [199, 0.5523] });
    expect(ends(r, "val_mIoU")).toEqual({ count: 2, first: [99, 0.4123], last: [199, 0.4871] });
    expect(r.series["lr-AdamW"]).toEqual([
      [0, 0.001],
      [50, 0.00095],
      [100, 0.00081],
    ]);
    expect(r.run.config).toMatchObject({ optimizer: "AdamW", lr: 0.001, batch_size: 8, epochs: 2, weight_decay: 0.0001 });
    expect(r.run.keys).toEqual({ x: "step", lr: "lr-AdamW", mainMetric: "val_mIoU" });
  });
});

describe("Hugging Face trainer_state.json (written as TrainerState.save_to_json writes it)", () => {
  it("reads log_history, skips the summary entry, takes config from training_args.json and config.json", async () => {
    const r = await collectOne(fixtureDir("fixtures/importers/hf-segformer"));
    expect(r.format).toBe("hf-trainer-state");
    expect(r.name).toBe("hf-segformer");
    expect(r.run.name).toBe("segformer-b0");
    expect(ends(r, "learning_rate")).toEqual({ count: 4, first: [10, 6e-5], last: [40, 1.5e-5] });
    expect(ends(r, "eval_mean_iou")).toEqual({ count: 2, first: [20, 0.37], last: [40, 0.43] });
    expect(r.series.train_runtime).toBeUndefined();
    expect(r.epochs.get(40)).toBe(2);
    expect(r.run.keys).toEqual({ x: "step", lr: "learning_rate", mainMetric: "eval_mean_iou" });
    expect(r.run.config).toMatchObject({
      optimizer: "AdamW",
      lr: 6e-5,
      schedule: "linear",
      batch_size: 8,
      epochs: 2,
      max_steps: 40,
      seed: 42,
      model: "SegformerForSemanticSegmentation",
      best_metric: 0.43,
    });
    expect(r.run.files.some((f) => f.endsWith(".bin"))).toBe(false);
  });
});

describe("MMSegmentation 0.x *.log.json (written as mmcv TextLoggerHook writes it)", () => {
  it("reads train/val lines, bare NaN, and the config text of the first line", async () => {
    const r = await collectOne(fixtureDir("fixtures/importers/mmseg-0x"));
    expect(r.format).toBe("mmcv-log-json");
    expect(r.run.name).toBe("fcn_r50_512x512_4k");
    expect(ends(r, "mIoU")).toEqual({ count: 2, first: [2000, 0.30000000000000004], last: [4000, 0.4] });
    expect(ends(r, "loss").count).toBe(4);
    expect(r.series.loss[2][1]).toBeNaN();
    expect(r.series.time.map(([, v]) => v)).toEqual([0.41, 0.41, 0.41, 0.41]);
    expect(r.run.config).toMatchObject({
      optimizer: "SGD",
      lr: 0.01,
      momentum: 0.9,
      weight_decay: 0.0005,
      schedule: "poly",
      schedule_params: { power: 0.9, min_lr: 0.0001, by_epoch: false },
      max_steps: 4000,
      batch_size: 4,
      backbone: "ResNetV1c",
      seed: 0,
    });
  });
});

describe("MMEngine vis_data/scalars.json + text log (written as MMEngine writes them)", () => {
  it("reads train and val scalars and the optimizer/param_scheduler of the config dump", async () => {
    const r = await collectOne(fixtureDir("fixtures/importers/mmseg-1x"));
    expect(r.format).toBe("mmengine-scalars");
    expect(r.name).toBe("segformer_mit-b0_8xb2-160k");
    expect(ends(r, "lr")).toEqual({ count: 4, first: [50, 2e-6], last: [200, 8e-6] });
    expect(ends(r, "mIoU")).toEqual({ count: 2, first: [100, 15], last: [200, 20] });
    expect(r.series.time.map(([, v]) => v)).toEqual([0.43, 0.43, 0.43, 0.43]);
    expect(r.run.config).toMatchObject({
      optimizer: "AdamW",
      lr: 6e-5,
      weight_decay: 0.01,
      schedule: "poly",
      warmup_steps: 1500,
      max_steps: 160000,
      batch_size: 2,
      backbone: "MixVisionTransformer",
      dataset: "ADE20KDataset",
      seed: 0,
    });
  });
});

describe("Detectron2 metrics.json + config.yaml (written as JSONWriter writes it)", () => {
  it("reads iterations and eval lines", async () => {
    const r = await collectOne(fixtureDir("fixtures/importers/detectron2"));
    expect(r.format).toBe("detectron2");
    expect(ends(r, "total_loss")).toEqual({ count: 5, first: [19, 2.52], last: [99, 0.92] });
    expect(ends(r, "sem_seg/mIoU")).toEqual({ count: 1, first: [99, 22.5], last: [99, 22.5] });
    expect(r.run.config).toMatchObject({ lr: 0.01, batch_size: 16, max_steps: 100, schedule: "poly", warmup_steps: 10, momentum: 0.9 });
    expect(r.run.config.seed).toBeUndefined();
  });
});

describe("MLflow run folder (written as FileStore writes it)", () => {
  it("reads metrics files with nested keys, params and the run name", async () => {
    const r = await collectOne(fixtureDir("fixtures/importers/mlflow"));
    expect(r.format).toBe("mlflow");
    expect(r.run.name).toBe("sgd-baseline");
    expect(r.series.loss.slice(0, 2)).toEqual([
      [0, 2.31],
      [100, 1.12],
    ]);
    expect(r.series.loss[2][1]).toBeNaN();
    expect(r.series["val/mIoU"]).toEqual([
      [100, 0.41],
      [200, 0.47],
    ]);
    expect(r.times.get(100)).toBe(1700000150);
    expect(r.run.config).toMatchObject({ optimizer: "SGD", lr: 0.01, batch_size: 16 });
    expect(r.run.tags).toEqual(["team:seg"]);
  });
});

describe("W&B panel export CSV (written as W&B's Export CSV writes it)", () => {
  it("drops __MIN/__MAX bands, names the run and strips its prefix", async () => {
    const r = await collectOne(fixtureDir("fixtures/importers/wandb"));
    expect(r.format).toBe("wandb-csv");
    expect(r.run.name).toBe("sgd-baseline");
    expect(r.series).toEqual({
      "train/loss": [
        [0, 2.31],
        [100, 1.12],
        [200, 0.95],
      ],
      "val/mIoU": [
        [100, 0.41],
        [200, 0.47],
      ],
    });
    expect(r.run.keys).toEqual({ x: "step", mainMetric: "val/mIoU" });
  });

  it("a chart drawn against a time axis: rows are numbered, the axis kept as a metric, and the choice said", async () => {
    const csv = '"Relative Time (Process)","a - loss","a - loss__MIN","a - loss__MAX"\n"1.5","2.3","2.3","2.3"\n"3","1.9","1.9","1.9"\n';
    const r = await collectOne([memFile("wandb_export.csv", csv)]);
    expect(r.format).toBe("wandb-csv");
    expect(r.series).toEqual({
      loss: [
        [0, 2.3],
        [1, 1.9],
      ],
      "Relative Time (Process)": [
        [0, 1.5],
        [1, 3],
      ],
    });
    expect(r.run.notes[0]).toMatch(/^The chart was exported against `Relative Time \(Process\)`, which is not a step/);
  });

  it("`<run> - <metric>` columns behind another first column without W&B's band columns are a generic CSV", async () => {
    const r = await collectOne([memFile("log.csv", "epoch,train - loss,val - loss\n0,1.2,1.3\n1,0.9,1.0\n")]);
    expect(r.format).toBe("generic-csv");
  });
});
