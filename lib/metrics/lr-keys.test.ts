import { describe, expect, it } from "vitest";
import { findLrKeys, isLrKey } from "./lr-keys";

describe("isLrKey", () => {
  it.each([
    "lr", // PyTorch, Keras, MMEngine
    "lr-AdamW", // Lightning's LearningRateMonitor
    "lr-AdamW/pg1",
    "lr/pg0", // Ultralytics
    "learning_rate", // Hugging Face Trainer
    "train/lr",
    "train/learning_rate",
    "optimizer.lr",
    "base_lr",
    "max_lr",
    "LR",
    "Layer_2_CH_n_1_out_200_LC_learning_rate_0.01_2nd_epoch_900000 - lr", // a W&B export column
  ])("%s is a learning rate", (key) => expect(isLrKey(key)).toBe(true));

  it.each([
    "lr_finder_loss",
    "lr_scale",
    "lr_mult",
    "lr_scheduler",
    "lr_warmup_steps",
    "clr",
    "layer",
    "loss",
    "eval_loss",
    "val/mIoU",
    "lr0_power",
    "lr_decay",
    "Layer_2_CH_n_1_out_200_LC_learning_rate_0.01_2nd_epoch_900000 - _step", // the run name holds a value, not an LR
    "run_lr_1e-4 - loss",
  ])("%s is not", (key) => expect(isLrKey(key)).toBe(false));
});

describe("findLrKeys", () => {
  it("puts the main group first", () => {
    expect(findLrKeys(["loss", "lr/pg1", "lr/pg0", "mIoU"])).toEqual(["lr/pg0", "lr/pg1"]);
    expect(findLrKeys(["train/learning_rate", "lr-AdamW"])[0]).toBe("train/learning_rate");
    expect(findLrKeys(["lr-AdamW/pg1", "lr-AdamW"])).toEqual(["lr-AdamW", "lr-AdamW/pg1"]);
    expect(findLrKeys(["lr_finder_loss", "lr"])).toEqual(["lr"]);
    expect(findLrKeys(["lr_scale", "clr"])).toEqual([]);
  });

  it("puts MMEngine's base_lr (the scheduled LR) before lr (group 0's, scaled by its lr_mult)", () => {
    expect(findLrKeys(["lr", "loss", "base_lr"])).toEqual(["base_lr", "lr"]);
    expect(findLrKeys(["train/lr", "base_lr"])).toEqual(["base_lr", "train/lr"]);
  });
});
