import { describe, expect, it } from "vitest";
import { configDiff, configValueKey, flattenConfig, isSeedKey } from "./config-diff";

const runs = [
  { id: "a", config: { optimizer: "AdamW", lr: 1e-4, seed: 0, schedule_params: { power: 0.9, warmup: { steps: 100 } }, milestones: [10, 20], data: {} } },
  {
    id: "b",
    config: { optimizer: "SGD", lr: 5e-3, seed: 1, schedule_params: { power: 0.9, warmup: { steps: 200 } }, milestones: [10, 20], momentum: 0.9, data: {} },
  },
];

describe("flattenConfig", () => {
  it("joins nested keys with dots and keeps arrays and empty objects as values", () => {
    expect(flattenConfig(runs[0].config)).toEqual({
      optimizer: "AdamW",
      lr: 1e-4,
      seed: 0,
      "schedule_params.power": 0.9,
      "schedule_params.warmup.steps": 100,
      milestones: [10, 20],
      data: {},
    });
  });
});

describe("configDiff", () => {
  it("lists only differing keys, nested ones included; a key missing in one run differs", () => {
    expect(configDiff(runs)).toEqual({
      lr: { a: 1e-4, b: 5e-3 },
      momentum: { b: 0.9 },
      optimizer: { a: "AdamW", b: "SGD" },
      "schedule_params.warmup.steps": { a: 100, b: 200 },
      seed: { a: 0, b: 1 },
    });
  });

  it("lists every key with showAll", () => {
    const all = configDiff(runs, { showAll: true });
    expect(Object.keys(all)).toEqual(["data", "lr", "milestones", "momentum", "optimizer", "schedule_params.power", "schedule_params.warmup.steps", "seed"]);
    expect(all.milestones).toEqual({ a: [10, 20], b: [10, 20] });
  });

  it("treats 1 and '1' as different but key order in objects as irrelevant", () => {
    expect(
      configDiff([
        { id: "a", config: { bs: 1 } },
        { id: "b", config: { bs: "1" } },
      ]),
    ).toEqual({ bs: { a: 1, b: "1" } });
    expect(configValueKey({ x: 1, y: 2 })).toBe(configValueKey({ y: 2, x: 1 }));
  });
});

describe("isSeedKey", () => {
  it.each(["seed", "data_seed", "random_seed", "seed_value", "train.seed", "randomSeed", "model.init-seed", "seeds"])("%s is a seed", (k) => {
    expect(isSeedKey(k)).toBe(true);
  });
  it.each(["speed", "seedling", "lr", "seed.value", "reseeded"])("%s is not", (k) => {
    expect(isSeedKey(k)).toBe(false);
  });
});
