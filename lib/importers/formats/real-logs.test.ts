import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeRun } from "../../analysis/analyze-run";
import { analyzeLrRange } from "../../analysis/lr-finder";
import { recognizeSchedule } from "../../analysis/schedule-recognition";
import { collectOne, ends } from "../test-helpers/collect";
import { fixtureDir, fixtureFile, REPO } from "../test-helpers/sources";

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

describe("Detectron2 metrics.json (real, MIT)", () => {
  it("a Faster R-CNN run's first 24 JSONWriter lines: every 20 iterations, sorted keys, the linear warmup of the LR", async () => {
    const r = await collectOne(fixtureDir("fixtures/reallogs-mit/detectron2/nyu-semi-supervised-od"));
    expect(r.format).toBe("detectron2");
    expect(r.name).toBe("output");
    expect(Object.keys(r.series)).toHaveLength(16);
    expect(ends(r, "total_loss")).toEqual({ count: 24, first: [19, 156.05224154889584], last: [479, 0.4520272738300264] });
    expect(ends(r, "loss_cls").first).toEqual([19, 144.65382289886475]);
    expect(ends(r, "lr")).toEqual({ count: 24, first: [19, 2.537308e-5], last: [479, 0.0006387002799999999] });
    // WarmupMultiStepLR's linear warmup: +2.66664e-5 every 20 iterations, still rising where the log is cut.
    const lr = r.series.lr.map(([, v]) => v);
    expect(lr.slice(1).every((v, i) => Math.abs(v - lr[i] - 2.66664e-5) < 1e-12)).toBe(true);
    // Recognised as that warmup, still rising where the log is cut (it was once fitted as an inverted "cosine T=497").
    const fit = recognizeSchedule({ steps: r.series.lr.map(([s]) => s), values: lr });
    expect(fit.type).toBe("unknown");
    expect(fit.warmup).toMatchObject({ type: "linear", steps: 460, ongoing: true });
    expect(fit.warmup!.startFactor).toBeCloseTo(2.537308e-5 / 0.0006387002799999999, 10);
    expect(fit.label).toBe("linear warmup, still rising at the last step (460 it logged)");
    expect(ends(r, "eta_seconds").last).toEqual([479, 12160.395225598477]);
    expect(r.run.keys).toEqual({ x: "step", lr: "lr" });
    expect(r.run.warnings).toEqual([]);
  });
});

describe("W&B panel “Export CSV” (real, MIT)", () => {
  it("a chart of two runs against Step: bands dropped, each run's curve kept apart, W&B's sampled-out steps absent", async () => {
    const r = await collectOne(fixtureDir("fixtures/reallogs-mit/wandb/di-f-fu-sion"));
    expect(r.format).toBe("wandb-csv");
    expect(r.name).toBe("wandb_export");
    const colu = "oxford_flowers102-colu-conv2d - train/loss";
    const relu = "oxford_flowers102-relu-conv2d - train/loss";
    expect(Object.keys(r.series).sort()).toEqual([colu, relu]);
    expect(ends(r, colu)).toEqual({ count: 40, first: [0, 0.18484549224376678], last: [42, 0.04680483415722847] });
    expect(ends(r, relu)).toEqual({ count: 40, first: [0, 0.25540250539779663], last: [42, 0.04716683551669121] });
    // The export skips steps 10, 21 and 32 for both runs: gaps, not zeros.
    expect(r.series[colu].map(([s]) => s).filter((s) => [10, 21, 32].includes(s))).toEqual([]);
    expect(r.series[relu][10]).toEqual([11, 0.053759265691041946]);
    expect(r.run.keys).toEqual({ x: "step" });
    expect(r.run.warnings).toEqual([]);
  });

  it("a chart drawn against a logged `epoch` (x axis other than Step): two runs of different lengths, `_step` kept, no LR read from a run name", async () => {
    const r = await collectOne(fixtureDir("fixtures/reallogs-mit/wandb/nRTD"));
    expect(r.format).toBe("wandb-csv");
    const a = "Layer_2_CH_n_1_out_200_LC_learning_rate_0.01_2nd_epoch_900000_RTD2";
    const b = "Layer_2_CH_n_1_out_200_LC_learning_rate_0.01_2nd_epoch_900000";
    expect(Object.keys(r.series).sort()).toEqual([`${b} - _step`, `${b} - train/loss`, `${a} - _step`, `${a} - train/loss`]);
    expect(ends(r, `${a} - train/loss`)).toEqual({ count: 19, first: [49, 0.0072547998279333115], last: [2049, 0.00002673493327165488] });
    expect(ends(r, `${b} - train/loss`)).toEqual({ count: 19, first: [199, 0.00031488764216192067], last: [2049, 3.09682150145818e-7] });
    // A loss spike of run a at epoch 1349, exactly as exported.
    expect(r.series[`${a} - train/loss`].find(([s]) => s === 1349)).toEqual([1349, 0.0022095139138400555]);
    expect(ends(r, `${a} - _step`).last).toEqual([2049, 40]);
    expect(r.epochs.get(2049)).toBe(2049);
    // "learning_rate_0.01" is part of the run's name, not a learning-rate series.
    expect(r.run.keys).toEqual({ x: "epoch" });
    expect(r.run.notes).toEqual(["The chart was exported against `epoch`: its values are the steps (x = epoch)."]);
  });
});

describe("JSON training history (real, MIT)", () => {
  it("a list of 30 per-epoch records (distillation, cosine similarity): epoch axis, no LR", async () => {
    const r = await collectOne([fixtureFile("fixtures/reallogs-mit/json-history/bioclip_mobile_distill_training_history.json")]);
    expect(r.format).toBe("json-history");
    expect(Object.keys(r.series).sort()).toEqual(["train_cos", "val_cos"]);
    expect(ends(r, "train_cos")).toEqual({ count: 30, first: [1, 0.6320713727637264], last: [30, 0.9014294758124539] });
    expect(ends(r, "val_cos")).toEqual({ count: 30, first: [1, 0.6719677572819724], last: [30, 0.8412298142020382] });
    // val_cos dips at epochs 8–10 before rising again.
    expect(r.series.val_cos[7]).toEqual([8, 0.7526748349417501]);
    expect(r.run.keys).toEqual({ x: "epoch" });
    expect(r.run.notes).toEqual(["The document is a list of 30 records.", 'Each record is an epoch ("epoch" 1…30).']);
    expect(r.run.config).toEqual({});
  });
});

// Keras's own History callback (and ReduceLROnPlateau.on_epoch_end) on a real run: fixtures/writer-output/README.md.
describe("Keras json.dump(history.history), written by keras.callbacks.History", () => {
  it("a dict of 7 lists of 20 epochs, `learning_rate` halved by ReduceLROnPlateau(patience=2) at epochs 16 and 18", async () => {
    const r = await collectOne([fixtureFile("fixtures/writer-output/keras-history/tinyseg_plateau_history.json")]);
    expect(r.format).toBe("json-history");
    expect(Object.keys(r.series).sort()).toEqual(["accuracy", "learning_rate", "loss", "mean_io_u", "val_accuracy", "val_loss", "val_mean_io_u"]);
    expect(ends(r, "loss")).toEqual({ count: 20, first: [0, 0.7446045875549316], last: [19, 0.22133246064186096] });
    expect(ends(r, "val_mean_io_u")).toEqual({ count: 20, first: [0, 0.2907877564430237], last: [19, 0.47893980145454407] });
    // float32 LRs as Keras logs them: 1e-3 → 5e-4 (epoch 16) → 2.5e-4 (epoch 18).
    expect(r.series.learning_rate.slice(15, 19)).toEqual([
      [15, 0.0010000000474974513],
      [16, 0.0005000000237487257],
      [17, 0.0005000000237487257],
      [18, 0.0002500000118743628],
    ]);
    expect(r.run.keys).toEqual({ x: "epoch", lr: "learning_rate", mainMetric: "val_mean_io_u" });
    expect(r.run.notes[1]).toMatch(/^Read as Keras's History/);
    expect(r.run.notes[2]).toMatch(/^Read as a training history, not an LR range test: lr 0.001 → 0.00025 over 20 points/);
    expect(r.run.warnings).toEqual([]);
    // Keras reduces once `wait >= patience` bad epochs, PyTorch once `num_bad_epochs > patience`: Keras's
    // patience 2 is PyTorch's 1. The run is Keras's, so the analysis speaks Keras's: the callback's own patience=2.
    expect(r.run.config).toEqual({ framework: "keras" });
    const series = Object.fromEntries(Object.entries(r.series).map(([k, v]) => [k, { steps: v.map(([x]) => x), values: v.map(([, y]) => y) }]));
    const a = analyzeRun({ series, config: r.run.config }, { metric: "val_mean_io_u" });
    expect(a.schedule.type).toBe("plateau");
    expect(a.schedule.label).toBe("plateau-driven ×0.5 (2 drops), patience 2 on val_loss, or multistep ×0.5 at 16, 18 it");
    expect(a.schedule.evidence).toContain("Keras's ReduceLROnPlateau on val_loss (min) with patience 2 reproduces every drop");
    // The same values without the framework: PyTorch's terms.
    expect(analyzeRun({ series, config: {} }, { metric: "val_mean_io_u" }).schedule.label).toBe(
      "plateau-driven ×0.5 (2 drops), patience 1 on val_loss, or multistep ×0.5 at 16, 18 it",
    );
  });
});

// Real runs made here (fixtures/realtrain/csv/write_csv_logs.py), logged with Python's csv module.
describe("generic CSV/TSV of real runs (fixtures/realtrain/csv)", () => {
  const lrSeries = (pts: [number, number][]) => ({ steps: pts.map(([s]) => s), values: pts.map(([, v]) => v) });

  it("per-epoch csv.DictWriter log: x = epoch, elapsed `time` kept as a metric, MultiStepLR read as multistep at epochs 5 and 8", async () => {
    const r = await collectOne([fixtureFile("fixtures/realtrain/csv/train_log.csv")]);
    expect(r.format).toBe("generic-csv");
    expect(Object.keys(r.series).sort()).toEqual(["lr", "time", "train_loss", "val_aAcc", "val_loss", "val_mIoU"]);
    expect(r.series.lr.map(([, v]) => v)).toEqual([0.02, 0.02, 0.02, 0.02, 0.002, 0.002, 0.002, 0.0002, 0.0002, 0.0002]);
    expect(ends(r, "val_mIoU")).toEqual({ count: 10, first: [1, 0.29078776041666665], last: [10, 0.46197799149786256] });
    expect(ends(r, "train_loss").first).toEqual([1, 0.6847204595804215]);
    expect(ends(r, "time").last).toEqual([10, 885.06]);
    expect(r.times.size).toBe(0);
    expect(r.run.keys).toEqual({ x: "epoch", lr: "lr", mainMetric: "val_mIoU" });
    const fit = recognizeSchedule(lrSeries(r.series.lr));
    expect(fit.type).toBe("multistep");
    expect(fit.params).toMatchObject({ baseLr: 0.02, gamma: 0.1, milestones: [5, 8] });
  });

  it("per-iteration TSV (CRLF) with validation cells only on each epoch's last row: 80 lr/loss points, 4 val points, cosine", async () => {
    const r = await collectOne([fixtureFile("fixtures/realtrain/csv/log.tsv")]);
    expect(r.format).toBe("generic-csv");
    expect(ends(r, "lr")).toEqual({ count: 80, first: [0, 0.001], last: [79, 3.8548187963854984e-7] });
    expect(ends(r, "loss")).toEqual({ count: 80, first: [0, 1.0979], last: [79, 0.26] });
    expect(r.series.val_mIoU).toEqual([
      [19, 0.2908],
      [39, 0.2987],
      [59, 0.3855],
      [79, 0.3937],
    ]);
    // The val loss rises at epoch 1 (0.4324) while the mIoU still improves.
    expect(r.series.val_loss.map(([, v]) => v)).toEqual([0.3982, 0.4324, 0.2817, 0.2785]);
    expect(r.epochs.get(20)).toBe(1);
    expect(r.run.keys).toEqual({ x: "step", lr: "lr", mainMetric: "val_mIoU" });
    expect(recognizeSchedule(lrSeries(r.series.lr)).type).toBe("cosine");
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
    expect(r.run.config).toEqual({ framework: "keras" });
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

  it("MLflow FileStore run as Lightning's MLFlowLogger writes it: a named experiment, `/` keys as folders, `epoch` as a metric, nested hparams", async () => {
    const r = await collectOne(fixtureDir("fixtures/writer-output/mlflow-lightning"));
    expect(r.format).toBe("mlflow");
    expect(r.run.name).toBe("tinyseg-adamw-cosine");
    // `epoch` is the epoch axis (logged with every call), not a series.
    expect(Object.keys(r.series).sort()).toEqual(["lr-AdamW", "train/loss_epoch", "train/loss_step", "val/aAcc", "val/loss", "val/mIoU"]);
    // log_every_n_steps=10 → steps 9, 19, …, 159 (Lightning's _batches_that_stepped before its increment).
    expect(ends(r, "lr-AdamW")).toEqual({ count: 16, first: [9, 0.000992213284044946], last: [159, 9.637975896759074e-8] });
    expect(ends(r, "train/loss_step")).toEqual({ count: 16, first: [9, 0.46527957916259766], last: [159, 0.2803562879562378] });
    // Epoch-end metrics at the epoch's last batch (19, 39, …): validation runs before the increment, and the
    // fit loop steps back one for train/loss_epoch.
    expect(ends(r, "val/mIoU")).toEqual({ count: 8, first: [19, 0.29078776041666665], last: [159, 0.42947016925766274] });
    expect(ends(r, "train/loss_epoch")).toEqual({ count: 8, first: [19, 0.5527327939867973], last: [159, 0.2862238585948944] });
    expect(r.epochs.get(9)).toBe(0);
    expect(r.epochs.get(29)).toBe(1);
    expect(r.epochs.get(159)).toBe(7);
    // Step 9 was written twice (the LR at the batch's start, the loss after it): the later wall time stands.
    expect(r.times.get(9)).toBe(1796299568.73);
    expect(r.run.keys).toEqual({ x: "step", lr: "lr-AdamW", mainMetric: "val/mIoU" });
    // Nested hparams arrive flattened ("optimizer/name", "scheduler/name") and still name the optimizer and schedule.
    expect(r.run.config).toMatchObject({ optimizer: "AdamW", lr: 0.001, weight_decay: 0.01, batch_size: 16, epochs: 8, schedule: "cosine", seed: 3 });
    expect(r.run.warnings).toEqual([]);
    // CosineAnnealingLR(T_max=160) stepped every batch, first logged at step 9: counted from step 0.
    const lr = r.series["lr-AdamW"];
    const fit = recognizeSchedule({ steps: lr.map(([s]) => s), values: lr.map(([, v]) => v) });
    expect(fit.type).toBe("cosine");
    expect(fit.params).toMatchObject({ baseLr: 0.001, totalSteps: 160, etaMin: 0 });
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

  it("MMEngine scalars.json of a real epoch-based run: `base_lr` beside `lr` (several param groups), val metrics logged at step = epoch", async () => {
    const r = await collectOne(fixtureDir("fixtures/writer-output/mmengine-epoch"));
    expect(r.format).toBe("mmengine-scalars");
    expect(r.name).toBe("tinyseg_adamw-cosine_12e");
    expect(Object.keys(r.series).sort()).toEqual(["aAcc", "base_lr", "data_time", "decode.acc_seg", "decode.loss_ce", "loss", "lr", "mAcc", "mIoU", "time"]);
    // 14 iterations per epoch, logged at the 10th and at the epoch's last: steps 10, 14, 24, 28, …, 164, 168.
    expect(r.series.lr.map(([s]) => s).slice(0, 4)).toEqual([10, 14, 24, 28]);
    expect(ends(r, "base_lr")).toEqual({ count: 24, first: [10, 0.00018081999999999997], last: [168, 1.771944382736866e-7] });
    expect(ends(r, "lr")).toEqual({ count: 24, first: [10, 0.000018082000000000004], last: [168, 1.7719443827368667e-8] });
    expect(ends(r, "loss")).toEqual({ count: 24, first: [10, 1.1331611156463623], last: [168, 0.3377790808677673] });
    // Val lines carry step = epoch (1…12) and no timings: each lands on its epoch's last train step.
    expect(ends(r, "mIoU")).toEqual({ count: 12, first: [14, 1.83], last: [168, 39.13] });
    expect(r.series.aAcc[1]).toEqual([28, 83.97]);
    expect(r.series.data_time).toHaveLength(24);
    expect(r.epochs.get(14)).toBe(1);
    expect(r.epochs.get(168)).toBe(12);
    // The LR curve is base_lr, the scheduled LR (AdamW's lr 1e-3); lr is the encoder's group at ×0.1.
    expect(r.run.keys).toEqual({ x: "step", lr: "base_lr", mainMetric: "mIoU" });
    expect(r.run.warnings).toEqual([]);
    // LinearLR warmup over 50 iterations, then cosine over the remaining 118, in both LR keys (lr = base_lr × 0.1).
    for (const [key, base] of [
      ["lr", 1e-4],
      ["base_lr", 1e-3],
    ] as const) {
      const fit = recognizeSchedule({ steps: r.series[key].map(([s]) => s), values: r.series[key].map(([, v]) => v) });
      expect(fit.type).toBe("cosine");
      expect(fit.params).toMatchObject({ baseLr: base, totalSteps: 118, etaMin: 0 });
      // The warmup ends at step 51 (the LR logged at step s is the one iteration s used), 41 steps after the first logged.
      expect(fit.warmup).toMatchObject({ type: "linear", steps: 41 });
    }
    const series = Object.fromEntries(Object.entries(r.series).map(([k, v]) => [k, { steps: v.map(([x]) => x), values: v.map(([, y]) => y) }]));
    const a = analyzeRun({ series, config: { optimizer: { type: "AdamW", lr: 1e-3 } } }, { metric: "mIoU" });
    expect(a.schedule.lrKey).toBe("base_lr");
    expect(a.schedule.params).toMatchObject({ baseLr: 1e-3 });
    expect(a.schedule.groups?.map((g) => [g.key, g.ratio === null ? null : Number(g.ratio.toPrecision(6))])).toEqual([
      ["base_lr", 1],
      ["lr", 0.1],
    ]);
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

// torch-lr-finder's own LRFinder (copied into a throwaway script) on the realtrain model and data, each
// history saved as users do, json.dump(lr_finder.history): see fixtures/writer-output/README.md.
describe("torch-lr-finder histories written by LRFinder.range_test", () => {
  const history = (name: string) =>
    JSON.parse(readFileSync(join(REPO, "fixtures/writer-output/torch-lr-finder", name), "utf8")) as { lr: number[]; loss: number[] };

  it("Adam, exponential ramp 1e-7 → 100 stopped by the divergence check after 77 of 100 iterations", async () => {
    const r = await collectOne([fixtureFile("fixtures/writer-output/torch-lr-finder/lr_finder_adam_exp.json")]);
    expect(r.format).toBe("torch-lr-finder");
    expect(r.run.tags).toEqual(["lr-finder"]);
    expect(ends(r, "lr")).toEqual({ count: 77, first: [0, 1e-7], last: [76, 0.8111308307896862] });
    // The smoothed loss at the stop is above 5 × its best (0.6894 at lr 0.0534), torch-lr-finder's diverge_th.
    expect(ends(r, "loss")).toEqual({ count: 77, first: [0, 1.1428297758102417], last: [76, 6.710690792904317] });
    expect(r.run.keys).toEqual({ x: "step", lr: "lr", mainMetric: "loss" });
    expect(r.run.notes[0]).toMatch(/^Read as an LR range test: lr 1e-7 → 0.811 over 77 points, rising at 76 of 76 steps/);
    // On an exponential sweep the steepest descent is the LR torch-lr-finder's own plot() suggests
    // (np.gradient(losses[10:-5]).argmin() → 1.52e-3).
    const h = history("lr_finder_adam_exp.json");
    const a = analyzeLrRange(h.lr, h.loss, { torchLrFinderHistory: true })!;
    expect(a.suggestedLr).toBe(0.0015199110829529335);
    expect(a.torchLrFinderLr).toBe(0.0015199110829529335);
    expect(a.minLossLr).toBeGreaterThan(0.05);
    expect(a.minLossLr).toBeLessThan(0.1);
    expect(a.curve.lr.length).toBeLessThan(77);
  });

  it("SGD, linear ramp 1e-3 → 1 with the validation loss after each iteration (Leslie Smith's approach): 100 points, no divergence", async () => {
    const r = await collectOne([fixtureFile("fixtures/writer-output/torch-lr-finder/lr_finder_sgd_linear_val.json")]);
    expect(r.format).toBe("torch-lr-finder");
    expect(ends(r, "lr")).toEqual({ count: 100, first: [0, 0.001], last: [99, 1] });
    expect(r.series.lr[1]).toEqual([1, 0.011090909090909092]);
    expect(ends(r, "loss")).toEqual({ count: 100, first: [0, 1.147441804409027], last: [99, 0.4206877134583789] });
    expect(r.run.notes[0]).toMatch(/^Read as an LR range test: lr 0.001 → 1 over 100 points, rising at 99 of 99 steps \(×1000\)/);
    // The validation loss still falls at the end of the sweep: the minimum is its last LR.
    const h = history("lr_finder_sgd_linear_val.json");
    const a = analyzeLrRange(h.lr, h.loss, { torchLrFinderHistory: true })!;
    expect(a.minLossLr).toBe(1);
    // torch-lr-finder's plot(): np.gradient(losses[10:-5]).argmin() → index 10, lr 0.1019 (computed with numpy).
    // Anneal's steepest descent is taken along the sweep's own axis too (per point, not per log-LR, which
    // once suggested 0.838 here): the neighbouring point 0.0918, as it smooths the loss and skips 5 points, not 10.
    expect(a.torchLrFinderLr).toBe(0.10190909090909091);
    expect(a.suggestedLr).toBe(0.09181818181818183);
    expect(a.method).toBe("steepest");
  });
});
