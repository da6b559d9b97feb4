import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzeRun } from "./analyze-run";
import { findLossKey, findLrKeys, findMetricKey, findValLossKey } from "./series-keys";
import { loadRealRun } from "./testing/realtrain";
import * as S from "./testing/schedulers";
import type { Series } from "./types";

/** The MIT-licensed Keras CSVLogger log (BraTS U-Net with ReduceLROnPlateau), one row per epoch. */
function kerasBrats(): Record<string, Series> {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/reallogs-mit/4hmetcakmak_brats2020_keras_csvlogger_training.log");
  const [header, ...rows] = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const cols = header.split(",");
  const series: Record<string, Series> = {};
  for (const row of rows) {
    const cells = row.split(",").map(Number);
    cols.forEach((c, i) => {
      if (c === "epoch") return;
      series[c] ??= { steps: [], values: [] };
      series[c].steps.push(cells[0]);
      series[c].values.push(cells[i]);
    });
  }
  return series;
}

describe("analyzeRun", () => {
  it("returns the contract's shape", () => {
    const a = analyzeRun(loadRealRun("sgd-1e-2-warmup-poly").input);
    expect(Object.keys(a).sort()).toEqual(["advice", "events", "plateauReplay", "plateaus", "schedule"]);
    expect(a.schedule).toMatchObject({ type: "poly", warmup: { type: "linear", steps: 64, startFactor: 0.01 }, label: "poly p=1, warmup 64 it" });
    expect(a.plateauReplay.params).toEqual({ mode: "max", factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: "rel", cooldown: 0, minLr: 0, eps: 1e-8 });
    for (const p of a.plateaus) expect(p).toMatchObject({ start: expect.any(Number), end: expect.any(Number), metric: "mIoU" });
  });

  it("replays ReduceLROnPlateau from the run's own LR and epochs", () => {
    const run = loadRealRun("sgd-2e-2-plateau");
    const a = analyzeRun(run.input, { replay: { factor: 0.5, patience: 2 } });
    expect(a.plateauReplay.reductions.map((r) => ({ after_epoch: r.epoch, step: r.step, from: r.fromLr, to: r.toLr }))).toEqual(run.meta.plateau_reductions);
  });

  it("analyses a range test and honours the isRangeTest override", () => {
    const run = loadRealRun("lr-range-test-sgd");
    expect(analyzeRun(run.input).lrFinder?.method).toBe("steepest");
    expect(analyzeRun(run.input, { isRangeTest: false }).lrFinder).toBeUndefined();
  });

  it("uses another metric and mode when asked", () => {
    const a = analyzeRun(loadRealRun("adamw-1e-3-cosine-s0").input, { metric: "val_loss", mode: "min" });
    expect(a.plateauReplay.params.mode).toBe("min");
    for (const p of a.plateaus) expect(p.metric).toBe("val_loss");
  });

  it("reports several parameter groups with their ratio to the main group", () => {
    const main = S.logLr(S.polynomialLR(0.01, 1000, 0.9), 1000);
    const head = { steps: main.steps, values: main.values.map((v) => v * 10) };
    const loss = { steps: main.steps, values: main.steps.map((s) => 1 / (1 + s / 100)) };
    const a = analyzeRun({ series: { "lr-SGD/pg0": main, "lr-SGD/pg1": head, "train/loss": loss }, config: { optimizer: "SGD", lr: 0.01 } });
    expect(a.schedule.type).toBe("poly");
    expect(a.schedule.lrKey).toBe("lr-SGD/pg0");
    expect(a.schedule.groups?.map((g) => [g.key, g.baseLr])).toEqual([
      ["lr-SGD/pg0", 0.01],
      ["lr-SGD/pg1", 0.1],
    ]);
    expect(a.schedule.groups?.[1].ratio).toBeCloseTo(10, 12);
  });

  it("recognises Keras ReduceLROnPlateau drops (float32 LRs, last drop clipped by min_lr) in a real log", () => {
    const a = analyzeRun({ series: kerasBrats() }, { metric: "val_mean_io_u_5" });
    expect(a.schedule.type).toBe("plateau");
    expect(a.schedule.params.milestones).toEqual([4, 8, 13, 16, 18]);
    expect(a.schedule.params.factor).toBeCloseTo(0.2, 6);
    expect(a.schedule.lrKey).toBe("lr");
    expect(a.events.filter((e) => e.type === "lr_drop").map((e) => e.step)).toEqual([4, 8, 13, 16, 18]);
  });

  it("copes with a run that logged nothing useful", () => {
    const a = analyzeRun({ series: {} });
    expect(a.schedule.type).toBe("unknown");
    expect(a.plateaus).toEqual([]);
    expect(a.plateauReplay.reductions).toEqual([]);
  });

  it("copes with degenerate series: one point, all NaN, zero LR, a metric without loss", () => {
    const one = { steps: [0], values: [1] };
    const nan = { steps: [0, 1, 2], values: [NaN, NaN, NaN] };
    const zeros = { steps: [0, 1, 2, 3], values: [0, 0, 0, 0] };
    const cases: Record<string, Series>[] = [{ lr: one, loss: one, mIoU: one }, { lr: nan, loss: nan, mIoU: nan }, { lr: zeros, mIoU: one }, { mIoU: nan }];
    for (const series of cases) {
      const a = analyzeRun({ series });
      expect(a.schedule.type, JSON.stringify(series)).toMatch(/unknown|constant/);
    }
    const a = analyzeRun({ series: { lr: nan, loss: nan, mIoU: nan } });
    expect(
      a.events
        .filter((e) => e.type === "nan")
        .map((e) => e.detail.key)
        .sort(),
    ).toEqual(["loss", "mIoU"]);
  });
});

describe("key detection", () => {
  it("finds LR keys, main group first", () => {
    expect(findLrKeys(["loss", "lr/pg1", "lr/pg0", "mIoU"])).toEqual(["lr/pg0", "lr/pg1"]);
    expect(findLrKeys(["train/learning_rate", "lr-AdamW"])[0]).toBe("train/learning_rate");
    expect(findLrKeys(["lr_scale", "clr"])).toEqual([]);
  });
  it("finds loss, val loss and metric keys", () => {
    expect(findLossKey(["val/loss", "train/loss", "decode.loss_ce"])).toBe("train/loss");
    expect(findLossKey(["total_loss", "val_loss"])).toBe("total_loss");
    expect(findValLossKey(["loss", "val_loss"])).toBe("val_loss");
    expect(findMetricKey(["val/mIoU", "loss"], "miou")).toBe("val/mIoU");
    expect(findMetricKey(["loss"], "mIoU")).toBeNull();
  });
});
