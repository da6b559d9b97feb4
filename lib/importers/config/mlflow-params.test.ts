import { describe, expect, it } from "vitest";
import { mlflowParamsConfig, parseParamValue } from "./mlflow-params";

describe("MLflow params", () => {
  it("interprets numbers, booleans and None; keeps other strings", () => {
    expect(parseParamValue("5e-05")).toBe(5e-5);
    expect(parseParamValue("3.0")).toBe(3);
    expect(parseParamValue("nan")).toBeNaN();
    expect(parseParamValue("True")).toBe(true);
    expect(parseParamValue("false")).toBe(false);
    expect(parseParamValue("None")).toBeNull();
    expect(parseParamValue("adamw_torch")).toBe("adamw_torch");
    expect(parseParamValue("[0.9, 0.999]")).toBe("[0.9, 0.999]");
    expect(parseParamValue("0x10")).toBe("0x10");
  });

  it("maps HF Trainer, Lightning and Ultralytics names onto Anneal's keys, originals under original.params", () => {
    expect(
      mlflowParamsConfig({ learning_rate: "1e-4", optim: "adamw_torch", per_device_train_batch_size: "32", lr_scheduler_type: "linear", warmup_ratio: "0.06" }),
    ).toEqual({
      lr: 1e-4,
      optimizer: "AdamW",
      batch_size: 32,
      schedule: "linear",
      warmup_ratio: 0.06,
      original: { params: { learning_rate: 1e-4, optim: "adamw_torch", per_device_train_batch_size: 32, lr_scheduler_type: "linear", warmup_ratio: 0.06 } },
    });
    expect(mlflowParamsConfig({ lr0: "0.01", lrf: "0.1", cos_lr: "True", batch: "8" })).toMatchObject({
      lr: 0.01,
      schedule: "cosine",
      batch_size: 8,
      schedule_params: { lrf: 0.1 },
    });
    expect(mlflowParamsConfig({ lr: "0.1", max_epochs: "30", optimizer: "sgd" })).toMatchObject({ lr: 0.1, epochs: 30, optimizer: "SGD" });
  });
});
