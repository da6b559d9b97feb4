import { describe, expect, it } from "vitest";
import { mapConfig, normalizeSchedule } from "./map-config";
import { mmConfigFromText } from "./mm-config";
import { parsePythonAssignments } from "./python-literal";

describe("parsePythonAssignments", () => {
  it("reads dicts, lists, tuples, strings, numbers, booleans and None; skips expressions", () => {
    const text = `a = dict(type='SGD', lr=1e-2, nested=dict(x=[1, 2.5, -3], y=(True, None)))  # comment
b = {'k': "v\\"q", 'n': 1_000}
c = some_call(1)
d = 'after'
`;
    expect(parsePythonAssignments(text)).toEqual({
      a: { type: "SGD", lr: 0.01, nested: { x: [1, 2.5, -3], y: [true, null] } },
      b: { k: 'v"q', n: 1000 },
      d: "after",
    });
  });
});

describe("mmConfigFromText", () => {
  it("takes a MMEngine warmup + main scheduler", () => {
    const cfg = mmConfigFromText(`optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=0.0005), type='OptimWrapper')
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=500),
    dict(type='CosineAnnealingLR', T_max=39500, by_epoch=False, begin=500, end=40000),
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=40000, val_interval=4000)
`);
    expect(cfg).toMatchObject({ optimizer: "SGD", lr: 0.01, momentum: 0.9, schedule: "cosine", warmup_steps: 500, max_steps: 40000 });
    expect(cfg.warmup).toEqual({ type: "linear", steps: 500, startFactor: 0.001 });
  });
});

describe("mapConfig", () => {
  it("maps aliases onto Anneal keys, shallowest first, skipping unset counts", () => {
    expect(
      mapConfig({ optim: "adamw_torch", learning_rate: 3e-4, max_steps: -1, num_train_epochs: 3, lr_scheduler_type: "cosine_with_restarts", model: { lr: 1 } }),
    ).toEqual({
      optimizer: "AdamW",
      lr: 3e-4,
      epochs: 3,
      schedule: "cosine_restarts",
    });
  });

  it("names an optimizer or scheduler given as an object by its name/type/class_path field", () => {
    // Lightning's loggers flatten nested hparams with "/" (MLflow params "optimizer/name"); LightningCLI writes class paths.
    expect(mapConfig({ "optimizer/name": "AdamW", "optimizer/betas": "[0.9, 0.999]", "scheduler/name": "cosine", "scheduler/interval": "step" })).toEqual({
      optimizer: "AdamW",
      schedule: "cosine",
    });
    expect(
      mapConfig({ optimizer: { class_path: "torch.optim.SGD", init_args: { lr: 0.01 } }, lr_scheduler: { class_path: "torch.optim.lr_scheduler.OneCycleLR" } }),
    ).toEqual({ optimizer: "SGD", lr: 0.01, schedule: "onecycle" });
    // A name field elsewhere is not an optimizer.
    expect(mapConfig({ model: { name: "segformer" }, data: { type: "ADE20K" } })).toEqual({});
  });

  it("normalises schedule names to the API vocabulary", () => {
    expect(
      ["PolyLR", "CosineAnnealingLR", "MultiStepLR", "StepLR", "ExponentialLR", "ReduceLROnPlateau", "OneCycleLR", "WarmupPolyLR", "linear"].map(
        normalizeSchedule,
      ),
    ).toEqual(["poly", "cosine", "multistep", "step", "exponential", "plateau", "onecycle", "poly", "linear"]);
  });
});
