import { describe, expect, it } from "vitest";
import { previewRun, importFiles } from "../index";
import { collectOne, ends } from "../test-helpers/collect";
import { fixtureDir, fixtureFile, memFile } from "../test-helpers/sources";

// Issue 13 item 1: an import never keeps only the last of several values that different lines of a
// file put on one (key, step) without saying so; for the MMCV all-"val" log it picks a better axis.

describe("MMCV *.log.json where every line is a val line (mmcls 0.x, train+val workflow)", () => {
  it("places each line by its epoch: 20 points of lr, loss and accuracy, nothing collapsed", async () => {
    const r = await collectOne(fixtureDir("fixtures/importers/mmcls-0x-val-workflow"));
    expect(r.format).toBe("mmcv-log-json");
    expect(r.run.name).toBe("resnet18_flowers");
    expect(r.run.keys.x).toBe("epoch");
    // By hand from the file: epochs 1..20, lr 0.01 to epoch 8, 0.001 to 16, then 0.0001.
    expect(ends(r, "lr")).toEqual({ count: 20, first: [1, 0.01], last: [20, 0.0001] });
    expect(r.series.lr[8]).toEqual([9, 0.001]);
    expect(r.series.lr[16]).toEqual([17, 0.0001]);
    expect(ends(r, "loss")).toEqual({ count: 20, first: [1, 1.458], last: [20, 0.1741] });
    expect(ends(r, "accuracy_top-1")).toEqual({ count: 20, first: [1, 54.6], last: [20, 97] });
    expect(ends(r, "accuracy_top-5").count).toBe(20);
    expect(r.run.collapsed).toEqual({});
    expect(r.run.warnings).toEqual([]);
    expect(r.run.notes.join(" ")).toMatch(/placed by epoch/);
    expect(r.run.config).toMatchObject({ optimizer: "SGD", lr: 0.01, schedule: "step", seed: 42 });
  });
});

describe("several values of one key on one step are reported", () => {
  it("generic JSON lines with a repeated step: counted per key, in the warnings and the preview", async () => {
    const text = [
      '{"step": 0, "loss": 2.0, "lr": 0.1}',
      '{"step": 0, "loss": 1.9, "lr": 0.1}', // loss differs: collapses; lr equal: nothing lost
      '{"step": 1, "loss": 1.5, "lr": 0.1}',
      '{"step": 1, "loss": 1.4}',
      '{"step": 1, "loss": 1.3}',
      '{"step": 2, "loss": 1.0, "lr": 0.05}',
    ].join("\n");
    const plan = await importFiles([memFile("log.jsonl", text)]);
    const p = await previewRun(plan.runs[0]);
    expect(p.run.collapsed).toEqual({ loss: 3 });
    expect(p.metrics.loss).toMatchObject({ count: 3, collapsed: 3, first: 1.9, last: 1.0 });
    expect(p.metrics.lr.collapsed).toBeUndefined();
    expect(p.run.warnings).toEqual([
      "3 values fell on a step another line already held with a different value, and only the last is kept (loss ×3): the file logs several values per step for these keys.",
    ]);
  });

  it("a CSV whose step column repeats is counted the same way (the CSV fast path included)", async () => {
    const csv = "step,loss,acc\n0,2.0,0.1\n1,1.5,0.2\n1,1.4,0.2\n2,1.0,0.3\n";
    const plan = await importFiles([memFile("metrics.csv", csv)]);
    const p = await previewRun(plan.runs[0]);
    expect(p.run.collapsed).toEqual({ loss: 1 });
    expect(p.metrics.loss).toMatchObject({ count: 3, collapsed: 1, last: 1.0 });
  });

  it("a log whose steps start again (two runs appended to one file) says so", async () => {
    const lines: string[] = [];
    for (let pass = 0; pass < 2; pass++) for (let s = 0; s < 12_000; s++) lines.push(`{"step": ${s}, "loss": ${pass + 1 / (s + 1)}}`);
    const plan = await importFiles([memFile("log.jsonl", lines.join("\n"), 1 << 16)]);
    const p = await previewRun(plan.runs[0]);
    expect(p.run.warnings.some((w) => /lines? went back to earlier steps/.test(w))).toBe(true);
  });
});

describe("real MMCV logs (mmcv's own test data, Apache-2.0)", () => {
  it("reads both 10-iteration epoch-based logs: lr and momentum per iteration, lr chosen as the LR", async () => {
    const flat = await collectOne([fixtureFile("fixtures/reallogs-apache/mmcv_20200408_174207.log.json")]);
    expect(flat.format).toBe("mmcv-log-json");
    expect(flat.run.keys).toMatchObject({ x: "step", lr: "lr" });
    expect(ends(flat, "lr")).toEqual({ count: 10, first: [1, 0.02], last: [10, 0.02] });
    expect(ends(flat, "momentum")).toEqual({ count: 10, first: [1, 0.95], last: [10, 0.9433] });
    expect(flat.series.momentum[4]).toEqual([5, 0.85]);
    expect(flat.run.collapsed).toEqual({});
    const cycle = await collectOne([fixtureFile("fixtures/reallogs-apache/mmcv_20200408_175715.log.json")]);
    expect(ends(cycle, "lr")).toEqual({ count: 10, first: [1, 0.02], last: [10, 0.03206] });
    expect(cycle.series.lr[4]).toEqual([5, 0.2]);
    expect(ends(cycle, "time").count).toBe(10);
  });
});
