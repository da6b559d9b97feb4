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

// Produced by each framework's own writer code (copied into a throwaway script, never committed) fed
// with the real PyTorch runs of fixtures/realtrain: see fixtures/writer-output/README.md.
describe("written by the frameworks' own writers, values from fixtures/realtrain", () => {
  it("Keras 3 CSVLogger (CRLF, `learning_rate` column, float32 values): 40 epochs of the plateau run", async () => {
    const r = await collectOne(fixtureDir("fixtures/writer-output/keras-csv/keras3-plateau"));
    expect(r.format).toBe("keras-csv");
    expect(Object.keys(r.series).sort()).toEqual(["learning_rate", "loss", "val_accuracy", "val_loss", "val_mean_io_u"]);
    expect(ends(r, "val_mean_io_u")).toEqual({ count: 40, first: [0, 0.2907877564430237], last: [39, 0.47639918327331543] });
    // float32(0.02) as Keras 3 hands it to the logs, halved five times by ReduceLROnPlateau.
    expect(ends(r, "learning_rate")).toEqual({ count: 40, first: [0, 0.019999999552965164], last: [39, 0.0003124999930150807] });
    expect(r.run.keys).toEqual({ x: "epoch", lr: "learning_rate", mainMetric: "val_mean_io_u" });
  });

  it("Lightning 2.0 CSVLogger: sparse rows sharing a step (lr monitor, train step, val, train epoch) merge", async () => {
    const r = await collectOne(fixtureDir("fixtures/writer-output/lightning/lightning-2.0-adamw-cosine"));
    expect(r.format).toBe("lightning-csv");
    expect(Object.keys(r.series).sort()).toEqual(["lr-AdamW", "train_loss_epoch", "train_loss_step", "val_aAcc", "val_loss", "val_mIoU"]);
    expect(ends(r, "lr-AdamW")).toEqual({ count: 60, first: [9, 0.0009994449374809851], last: [599, 6.853876286627733e-9] });
    expect(ends(r, "val_mIoU")).toEqual({ count: 30, first: [19, 0.29078776041666665], last: [599, 0.530882193000964] });
    expect(ends(r, "train_loss_epoch").first).toEqual([19, 0.6873134300112724]);
    expect(r.run.collapsed).toEqual({});
    expect(r.epochs.get(599)).toBe(29);
    expect(r.run.config).toMatchObject({ optimizer: "AdamW", lr: 0.001, batch_size: 16, epochs: 30, schedule: "cosine", seed: 1 });
  });

  it("Lightning 2.2+ CSVLogger (sorted header, appended in flushes of 100 steps): the same reading", async () => {
    const r = await collectOne(fixtureDir("fixtures/writer-output/lightning/lightning-2.2-sgd-restarts"));
    expect(r.format).toBe("lightning-csv");
    expect(ends(r, "lr-SGD")).toEqual({ count: 60, first: [9, 0.019900236577165577], last: [599, 0.000001233675183394123] });
    expect(ends(r, "train_loss_step")).toEqual({ count: 60, first: [9, 0.5483430624008179], last: [599, 0.2198430299758911] });
    expect(ends(r, "val_mIoU")).toEqual({ count: 30, first: [19, 0.29078776041666665], last: [599, 0.47784490974864174] });
    expect(r.run.keys).toEqual({ x: "step", lr: "lr-SGD", mainMetric: "val_mIoU" });
    expect(r.run.config).toMatchObject({ optimizer: "SGD", lr: 0.02, momentum: 0.9, schedule: "cosine_restarts", epochs: 30 });
  });

  it("Detectron2 JSONWriter: every 20 iterations, eval in percent on the same line, eta_seconds until the last", async () => {
    const r = await collectOne(fixtureDir("fixtures/writer-output/detectron2/sgd-poly-output"));
    expect(r.format).toBe("detectron2");
    expect(ends(r, "lr")).toEqual({ count: 30, first: [19, 0.04857271710815556], last: [599, 0.00015799155697242357] });
    expect(ends(r, "total_loss")).toEqual({ count: 30, first: [19, 0.4920133799314499], last: [599, 0.18971313536167145] });
    expect(ends(r, "sem_seg/mIoU")).toEqual({ count: 30, first: [19, 29.078776041666664], last: [599, 48.39593788374134] });
    expect(ends(r, "eta_seconds").count).toBe(29);
    expect(r.run.keys).toEqual({ x: "step", lr: "lr", mainMetric: "sem_seg/mIoU" });
    expect(r.run.config).toMatchObject({ lr: 0.05, momentum: 0.9, batch_size: 16, max_steps: 600, schedule: "poly", seed: 0 });
  });

  it("MLflow FileStore run folder: 600 train steps, per-epoch val metrics, params and run name", async () => {
    const r = await collectOne(fixtureDir("fixtures/writer-output/mlflow"));
    expect(r.format).toBe("mlflow");
    expect(r.run.name).toBe("sgd-2e-2-multistep");
    expect(ends(r, "lr")).toEqual({ count: 600, first: [0, 0.02], last: [599, 0.0002] });
    expect(r.series.lr[300]).toEqual([300, 0.002]);
    expect(ends(r, "train_loss")).toEqual({ count: 600, first: [0, 1.1426117420196533], last: [599, 0.21727454662322998] });
    expect(ends(r, "val_mIoU")).toEqual({ count: 30, first: [20, 0.29078776041666665], last: [600, 0.4791398489560405] });
    expect(r.times.get(0)).toBe(1717400000.019);
    expect(r.run.config).toMatchObject({ optimizer: "SGD", lr: 0.02, momentum: 0.9, batch_size: 16, epochs: 30, schedule: "multistep", seed: 0 });
  });

  it("Hugging Face TrainerState of transformers 4.2x: logging every 10 steps, eval per epoch, the summary entry kept as config", async () => {
    const r = await collectOne(fixtureDir("fixtures/writer-output/hf-trainer-state"));
    expect(r.format).toBe("hf-trainer-state");
    expect(r.name).toBe("segformer-realtrain");
    expect(ends(r, "learning_rate")).toEqual({ count: 60, first: [10, 5.4500000000000024e-5], last: [600, 0] });
    expect(ends(r, "loss")).toEqual({ count: 60, first: [10, 1.1346], last: [600, 0.2256] });
    expect(ends(r, "eval_mean_iou")).toEqual({ count: 30, first: [20, 0.01832248263888889], last: [600, 0.47314189981115146] });
    expect(r.series.train_runtime).toBeUndefined();
    expect(r.epochs.get(10)).toBe(0.5);
    expect(r.run.keys).toEqual({ x: "step", lr: "learning_rate", mainMetric: "eval_mean_iou" });
    expect(r.run.config).toMatchObject({ max_steps: 600, epochs: 30, trainer_summary: { train_runtime: 18.3879, train_loss: 0.3227399435887734 } });
  });
  it("MMEngine LocalVisBackend scalars.json of a real training run (+ the identical <timestamp>.json): train window means, val in percent", async () => {
    const r = await collectOne(fixtureDir("fixtures/writer-output/mmengine"));
    expect(r.format).toBe("mmengine-scalars");
    expect(r.name).toBe("tinyseg_sgd-poly_600it");
    expect(ends(r, "lr")).toEqual({ count: 60, first: [10, 0.009866249206811417], last: [600, 0.0001312823282805399] });
    expect(ends(r, "decode.loss_ce")).toEqual({ count: 60, first: [10, 1.007157814502716], last: [600, 0.205734883248806] });
    expect(ends(r, "mIoU")).toEqual({ count: 12, first: [50, 29.08], last: [600, 47.5] });
    expect(ends(r, "aAcc").last).toEqual([600, 92.21]);
    // Val lines' own data_time/time are timings of the val loop, not train points.
    expect(r.series.data_time).toHaveLength(60);
    expect(r.run.keys).toEqual({ x: "step", lr: "lr", mainMetric: "mIoU" });
  });

  it("TensorBoard, PyTorch SummaryWriter.add_scalar (simple_value): every iteration, wall times kept", async () => {
    const r = await collectOne(fixtureDir("fixtures/writer-output/tensorboard/pytorch-onecycle"));
    expect(r.format).toBe("tensorboard");
    expect(Object.keys(r.series).sort()).toEqual(["train/loss", "train/lr", "val/aAcc", "val/loss", "val/mIoU"]);
    // float32 as simple_value holds them: OneCycleLR's 3e-3 / 25 start and its 1.2e-8 end.
    expect(ends(r, "train/lr")).toEqual({ count: 600, first: [0, 0.00011999999696854502], last: [599, 1.2000000104706032e-8] });
    expect(Math.max(...r.series["train/lr"].map(([, v]) => v))).toBeCloseTo(0.003, 6);
    expect(ends(r, "val/mIoU")).toEqual({ count: 30, first: [20, 0.018312543630599976], last: [600, 0.5265120267868042] });
    expect(r.times.get(0)).toBeCloseTo(1717400000.0202, 3);
    expect(r.run.keys).toEqual({ x: "step", lr: "train/lr", mainMetric: "val/mIoU" });
  });

  it("TensorBoard, PyTorch add_scalar(new_style=True): tensor float_val, and double_val for the lr", async () => {
    const r = await collectOne(fixtureDir("fixtures/writer-output/tensorboard/pytorch-new-style-exp"));
    expect(r.format).toBe("tensorboard");
    expect(ends(r, "LR")).toEqual({ count: 120, first: [0, 0.02], last: [595, 0.00094202573944925] });
    expect(ends(r, "Loss/train")).toEqual({ count: 120, first: [0, 1.1426117420196533], last: [595, 0.22180183231830597] });
    expect(ends(r, "mIoU/val")).toEqual({ count: 30, first: [20, 0.2907877564430237], last: [600, 0.4738239645957947] });
  });

  it("TensorBoard, TensorBoard's own TF-free writer (scalars plugin metadata, source_metadata in the first event)", async () => {
    const r = await collectOne(fixtureDir("fixtures/writer-output/tensorboard/tensorboard-writer-warmup-poly"));
    expect(r.format).toBe("tensorboard");
    expect(ends(r, "learning_rate")).toEqual({ count: 60, first: [0, 0.00009999999747378752], last: [590, 0.00018656716565601528] });
    expect(ends(r, "eval/mean_iou")).toEqual({ count: 30, first: [20, 0.2701110541820526], last: [600, 0.47564586997032166] });
    expect(r.run.keys).toEqual({ x: "step", lr: "learning_rate", mainMetric: "eval/mean_iou" });
  });
});
