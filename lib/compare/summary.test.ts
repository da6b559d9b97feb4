import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { summarizeRun } from "./summary";

describe("summarizeRun, mode max (hand-computed)", () => {
  const s = summarizeRun({
    metric: { x: [0, 10, 20, 30, 40], y: [0.2, 0.6, 0.9, 1.0, 0.96] },
    mode: "max",
    time: [100, 110, 130, 160, 200],
    runStartTime: 90,
    toEpoch: (step) => step / 10,
    lr: { x: [0, 15, 25, 35], y: [0.1, 0.05, 0.02, 0.01] },
  });

  it("finds best, final and the 90%/95% steps and times", () => {
    expect(s.best).toBe(1.0);
    expect(s.bestStep).toBe(30);
    expect(s.bestEpoch).toBe(3);
    expect(s.final).toBe(0.96);
    // 90%: first value ≥ 0.9 is at step 20 (t = 130 − 90); 95%: ≥ 0.95 first at step 30.
    expect(s.stepsTo90).toBe(20);
    expect(s.timeTo90).toBe(40);
    expect(s.stepsTo95).toBe(30);
    expect(s.timeTo95).toBe(70);
    expect(s.lrAtBest).toBe(0.02);
    expect(s.diverged).toBe(false);
  });

  it("integrates the metric over x normalised to [0, 1]", () => {
    // Trapezoids of width 10: 4 + 7.5 + 9.5 + 9.8 = 30.8, over a range of 40.
    expect(s.auc).toBeCloseTo(0.77, 12);
    const planned = summarizeRun({ metric: { x: [0, 10, 20, 30, 40], y: [0.2, 0.6, 0.9, 1.0, 0.96] }, mode: "max", aucRange: [0, 80] });
    expect(planned.auc).toBeCloseTo(0.385, 12);
  });
});

describe("summarizeRun, mode min (hand-computed)", () => {
  it("reaches 90% at best + 10%·|best| and 95% at best + 5%·|best|", () => {
    const s = summarizeRun({ metric: { x: [0, 10, 20, 30, 40, 50], y: [2.0, 1.0, 0.5, 0.43, 0.4, 0.45] }, mode: "min" });
    expect(s.best).toBe(0.4);
    expect(s.bestStep).toBe(40);
    expect(s.final).toBe(0.45);
    expect(s.stepsTo90).toBe(30); // 0.43 ≤ 0.44
    expect(s.stepsTo95).toBe(40); // 0.43 > 0.42, 0.40 ≤ 0.42
    expect(s.bestEpoch).toBeNull();
    expect(s.timeTo90).toBeNull();
    expect(s.lrAtBest).toBeNull();
  });

  it("handles negative values by magnitude", () => {
    const s = summarizeRun({ metric: { x: [0, 1, 2], y: [-1, -9.5, -10] }, mode: "min" });
    expect(s.stepsTo90).toBe(1); // ≤ −10 + 1
    expect(s.stepsTo95).toBe(1); // ≤ −9.5
  });
});

describe("divergence", () => {
  it("flags a non-finite metric or loss; best and final still reported", () => {
    const s = summarizeRun({ metric: { x: [0, 1, 2], y: [0.3, 0.5, NaN] }, mode: "max" });
    expect(s).toMatchObject({ best: 0.5, bestStep: 1, diverged: true, divergedReason: "non_finite_metric" });
    expect(s.final).toBeNaN();
    const l = summarizeRun({ metric: { x: [0], y: [0.3] }, mode: "max", loss: { x: [0, 1], y: [1, Infinity] } });
    expect(l.divergedReason).toBe("non_finite_loss");
  });

  it("flags a loss that ends far above its start, not a spike that recovers", () => {
    const metric = { x: [0], y: [0.3] };
    const steps = Array.from({ length: 20 }, (_, i) => i);
    const blowUp = summarizeRun({ metric, mode: "max", loss: { x: steps, y: steps.map((i) => (i < 10 ? 1 : 5)) } });
    const spike = summarizeRun({ metric, mode: "max", loss: { x: steps, y: steps.map((i) => (i === 2 ? 50 : 0.5)) } });
    expect(blowUp.divergedReason).toBe("loss_blow_up");
    expect(spike.diverged).toBe(false);
  });

  it("is undefined-free on an empty series", () => {
    const s = summarizeRun({ metric: { x: [], y: [] }, mode: "max" });
    expect(s).toMatchObject({ best: null, bestStep: null, final: null, stepsTo90: null, auc: null, diverged: false });
  });
});

describe("real training runs (fixtures/realtrain)", () => {
  const dir = path.resolve(__dirname, "../../fixtures/realtrain");
  const meta = JSON.parse(readFileSync(path.join(dir, "meta.json"), "utf8")) as Record<string, { best_mIoU: number; diverged: boolean }>;
  const num = (v: unknown) => (typeof v === "string" ? Number(v) : (v as number));

  it.each(Object.keys(meta))("%s: best mIoU and diverged match PyTorch's record", (name) => {
    const rows = readFileSync(path.join(dir, `${name}.jsonl`), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const val = rows.filter((r) => r.type === "val");
    const train = rows.filter((r) => r.type === "train");
    const s = summarizeRun({
      metric: { x: val.map((r) => num(r.step)), y: val.map((r) => num(r.mIoU)) },
      mode: "max",
      loss: { x: train.map((r) => num(r.step)), y: train.map((r) => num(r.loss)) },
    });
    if (val.length > 0) expect(s.best).toBeCloseTo(meta[name].best_mIoU, 12);
    expect(s.diverged).toBe(meta[name].diverged);
  });
});
