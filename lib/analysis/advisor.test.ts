import { describe, expect, it } from "vitest";
import { advise } from "./advisor";
import { analyzeRun } from "./analyze-run";
import { loadRealRun } from "./testing/realtrain";
import type { ScheduleFit } from "./types";

const adviceOf = (name: string) => analyzeRun(loadRealRun(name).input).advice;
const rules = (name: string, severities = ["warning", "error"]) =>
  adviceOf(name)
    .filter((a) => severities.includes(a.severity))
    .map((a) => a.rule);

const cosine: ScheduleFit = {
  type: "cosine",
  params: { baseLr: 1e-4, totalSteps: 1000, etaMin: 0 },
  fitError: 0,
  warmup: null,
  segments: [],
  stepping: "iteration",
  label: "cosine",
  lrKey: "lr",
};

describe("advisor on the real runs", () => {
  it("is silent on the in-range runs", () => {
    for (const name of ["adamw-1e-4-cosine-s0", "sgd-5e-3-poly-s0", "adamw-5e-4-warmup-cosine", "sgd-1e-2-warmup-poly"]) {
      expect(adviceOf(name), name).toEqual([]);
    }
  });

  it("tells the too-low-LR run to raise its LR", () => {
    const a = adviceOf("sgd-1e-5-const-too-low");
    expect(a.find((x) => x.rule === "lr_range")).toMatchObject({ severity: "error", evidence: { lr: 1e-5, factor: 100 } });
    expect(a.find((x) => x.rule === "lr_range")!.message).toContain("below");
    expect(rules("sgd-1e-5-const-too-low")).toEqual(expect.arrayContaining(["lr_too_low", "no_schedule"]));
  });

  it("tells the diverging runs to lower the LR", () => {
    for (const name of ["sgd-80-const-nan", "sgd-3-const-diverge"]) {
      const a = adviceOf(name);
      expect(a.find((x) => x.rule === "diverged")?.severity, name).toBe("error");
      expect(a.find((x) => x.rule === "diverged")!.suggestion).toMatch(/Lower the LR/);
      expect(a.find((x) => x.rule === "lr_range")!.message).toContain("above");
    }
    expect(adviceOf("sgd-80-const-nan").find((x) => x.rule === "diverged")!.evidence.step).toBe(44);
  });

  it("recommends AdamW over Adam with weight decay and flags Adagrad", () => {
    expect(rules("adam-l2-1e-3-cosine")).toContain("adam_weight_decay");
    expect(rules("adagrad-1e-2-const")).toEqual(expect.arrayContaining(["optimizer_choice", "no_schedule"]));
  });

  it("reports the range-test suggestion instead of divergence", () => {
    const a = adviceOf("lr-range-test-adamw");
    expect(a.map((x) => x.rule)).toEqual(["lr_finder"]);
  });
});

describe("advisor rules", () => {
  const base = { schedule: cosine, events: [], plateaus: [] };

  it("scales the LR range linearly with batch size", () => {
    expect(advise({ ...base, config: { optimizer: "AdamW", lr: 8e-4, batch_size: 64 } })).toEqual([]);
    expect(advise({ ...base, config: { optimizer: "AdamW", lr: 8e-4, batch_size: 16 } })[0]).toMatchObject({ rule: "lr_range", severity: "info" });
  });

  it("expects a 10–100× smaller LR when fine-tuning", () => {
    expect(advise({ ...base, config: { optimizer: "AdamW", lr: 1e-5, pretrained: true } })).toEqual([]);
    expect(advise({ ...base, config: { optimizer: "AdamW", lr: 1e-4, pretrained: true } })[0]).toMatchObject({ rule: "lr_range", severity: "info" });
  });

  it("infers the LR from the logged schedule when the config has none", () => {
    const a = advise({ ...base, schedule: { ...cosine, params: { baseLr: 0.1 } }, config: { optimizer: "SGD" } });
    expect(a[0]).toMatchObject({ rule: "lr_range", severity: "warning", evidence: { lrSource: "logged LR", lr: 0.1 } });
  });

  it("checks momentum, weight decay, hard datasets and LAMB", () => {
    const a = advise({ ...base, config: { optimizer: "SGD", lr: 5e-3, momentum: 0, weight_decay: 0.01 } });
    expect(a.map((x) => [x.rule, x.severity])).toEqual([
      ["sgd_momentum", "warning"],
      ["weight_decay", "info"],
    ]);
    expect(advise({ ...base, config: { optimizer: "AdamW", lr: 2e-4, dataset: "ADE20K" } }).map((x) => x.rule)).toEqual(["hard_dataset"]);
    expect(advise({ ...base, config: { optimizer: "LAMB", lr: 1e-3, batch_size: 32 } }).map((x) => x.rule)).toEqual(["optimizer_choice"]);
    expect(advise({ ...base, config: { optimizer: { type: "SGD", lr: 5e-3, momentum: 0.9, weight_decay: 5e-4 } } })).toEqual([]);
  });

  it("suggests a schedule for a constant LR and decay for a stall without LR reduction", () => {
    const constant: ScheduleFit = { ...cosine, type: "constant", params: { baseLr: 5e-3 }, label: "constant 5e-3" };
    const plateau = { start: 1000, end: 9000, metric: "mIoU", bestBefore: 0.4, gainInside: 0, stepsStalled: 8000, ongoing: true };
    const a = advise({ ...base, schedule: constant, plateaus: [plateau], runSteps: 10000, config: { optimizer: "SGD", lr: 5e-3 } });
    expect(a.map((x) => x.rule)).toEqual(["no_schedule", "plateau_without_decay"]);
    expect(a[0].suggestion).toMatch(/poly \(power 0\.9\)/);
  });
});
