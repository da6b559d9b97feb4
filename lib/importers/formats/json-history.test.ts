import { describe, expect, it } from "vitest";
import { importFiles, previewRun } from "../index";
import { collectOne, ends } from "../test-helpers/collect";
import { fixtureFile, memFile } from "../test-helpers/sources";

// Issue 13 item 2: plain JSON training histories, told apart from torch-lr-finder's by content.

describe("Keras json.dump(history.history): a dict of equal-length lists", () => {
  it("reads the MIT BraTS run's history (its CSVLogger values, dumped as Keras's History holds them) by epoch", async () => {
    const r = await collectOne([fixtureFile("fixtures/importers/json-history/brats_keras_history.json")]);
    expect(r.format).toBe("json-history");
    expect(Object.keys(r.series)).toHaveLength(11);
    // Same values as the CSVLogger log of that run: 24 epochs, 0-based like CSVLogger's epoch column.
    expect(ends(r, "loss")).toEqual({ count: 24, first: [0, 0.05603187158703804], last: [23, 0.02580178715288639] });
    expect(ends(r, "lr")).toEqual({ count: 24, first: [0, 0.001], last: [23, 1e-6] });
    expect(r.series.lr[4]).toEqual([4, 0.00020000001]);
    expect(ends(r, "val_mean_io_u_5")).toEqual({ count: 24, first: [0, 0.8155959844589233], last: [23, 0.8133872747421265] });
    expect(r.run.keys).toEqual({ x: "epoch", lr: "lr", mainMetric: "val_mean_io_u_5" });
    expect(r.epochs.get(23)).toBe(23);
    // Keras's names (`loss`, `val_…`, snake_case): the analysis reads a plateau in Keras's terms.
    expect(r.run.config).toEqual({ framework: "keras" });
    expect(r.run.notes[0]).toBe("The document is a dict of 11 lists of 24 values.");
    expect(r.run.notes[1]).toMatch(/^Read as Keras's History/);
    expect(r.run.notes[2]).toMatch(/^Read as a training history, not an LR range test: lr 0.001 → 0.000001 over 24 points, rising at 0 of 23 steps/);
  });

  it("a history of only lr and loss with a decaying lr is a training history, not an LR range test", async () => {
    const plan = await importFiles([fixtureFile("fixtures/importers/json-history/brats_keras_history_lr_loss.json")]);
    const run = plan.runs[0];
    expect(run.format).toBe("json-history");
    const finder = run.tried.find((t) => t.format === "torch-lr-finder")!;
    expect(finder.confidence).toBe(0);
    expect(finder.reason).toMatch(/decaying\): a training history, not an LR range test/);
    const p = await previewRun(run);
    expect(p.metrics.lr).toMatchObject({ count: 24, first: 0.001, last: 1e-6 });
    expect(p.run.tags ?? []).not.toContain("lr-finder");
    expect(p.run.notes.join(" ")).toMatch(/not an LR range test/);
  });

  it("the real torch-lr-finder history (MIT) stays an LR range test, and says why", async () => {
    const plan = await importFiles([fixtureFile("fixtures/reallogs-mit/phernst_conebeam_torch_lr_finder_history.json")]);
    expect(plan.runs[0].format).toBe("torch-lr-finder");
    expect(plan.runs[0].tried.find((t) => t.format === "json-history")!.confidence).toBeLessThan(0.9);
    const p = await previewRun(plan.runs[0]);
    expect(p.run.tags).toContain("lr-finder");
    expect(p.run.notes[0]).toMatch(/^Read as an LR range test: lr 1e-8 → 1 over 100 points, rising at 99 of 99 steps \(×100000000\)/);
  });
});

describe("a list of per-epoch records nested under a key, with a config and per-class lists", () => {
  it("reads the records by epoch, expands per-class IoU, skips and reports strings, takes the rest as config", async () => {
    const r = await collectOne([fixtureFile("fixtures/importers/json-history/segformer_run.json")]);
    expect(r.format).toBe("json-history");
    expect(r.run.keys).toEqual({ x: "epoch", lr: "lr", mainMetric: "mean_iou" });
    expect(ends(r, "mean_iou")).toEqual({ count: 12, first: [1, 0.2388], last: [12, 0.5072] });
    expect(ends(r, "train_loss")).toEqual({ count: 12, first: [1, 1.06], last: [12, 0.1825] });
    expect(ends(r, "lr")).toEqual({ count: 12, first: [1, 6e-5], last: [12, 5e-6] });
    expect(ends(r, "per_class_iou/0")).toEqual({ count: 12, first: [1, 0.904], last: [12, 0.948] });
    expect(ends(r, "per_class_iou/3")).toEqual({ count: 12, first: [1, 0.13], last: [12, 0.46] });
    expect(r.series["per_class_iou/4"]).toBeUndefined();
    expect(r.series.class_names).toBeUndefined();
    expect(r.run.warnings).toEqual(["Skipped values that are not numbers: class_names (12×), time (12×)."]);
    expect(r.run.notes).toEqual([
      'The history is a list of 12 records under "history"; the rest of the document is the config.',
      'Each record is an epoch ("epoch" 1…12).',
      "per_class_iou: lists of 4 values expanded as per_class_iou/0…per_class_iou/3.",
    ]);
    expect(r.run.config).toMatchObject({ optimizer: "AdamW", lr: 6e-5, batch_size: 8, epochs: 12, schedule: "poly", seed: 3, model: "segformer-b0" });
    expect((r.run.config.original as { document: { best_epoch: number } }).document.best_epoch).toBe(12);
  });

  it("a top-level list of records whose epoch repeats is read by record, each keeping its epoch", async () => {
    const text = JSON.stringify([
      { epoch: 0.5, loss: 1.0 },
      { epoch: 1, loss: 0.8, val_iou: 0.3 },
      { epoch: 1, loss: 0.7 },
      { epoch: 2, loss: 0.5, val_iou: 0.4 },
    ]);
    const r = await collectOne([memFile("history.json", text)]);
    expect(r.format).toBe("json-history");
    expect(r.run.keys.x).toBe("step");
    expect(r.series.loss).toEqual([
      [0, 1.0],
      [1, 0.8],
      [2, 0.7],
      [3, 0.5],
    ]);
    expect([...r.epochs.entries()]).toEqual([
      [0, 0.5],
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
    expect(r.run.collapsed).toEqual({});
  });

  it("a config document with one list is no history; JSON lines are another format", async () => {
    const args = await importFiles([memFile("args.json", '{"lr": 0.1, "milestones": [30, 60, 90]}')]);
    expect(args.runs[0].tried.find((t) => t.format === "json-history")).toMatchObject({
      confidence: 0,
      reason: "no dict of equal-length lists or list of records in the document",
    });
    const plan = await importFiles([memFile("log.json", '{"step": 1, "loss": [1, 2]}\n{"step": 2, "loss": [1, 2]}\n')]);
    expect(plan.runs[0].format).toBe("generic-jsonl");
  });
});
