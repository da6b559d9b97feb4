import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { formatsCatalog, importFiles, previewRun } from "./index";
import { collectRuns } from "./test-helpers/collect";
import { fixtureDir, fixtureFile, memFile } from "./test-helpers/sources";

async function readBytes(f: { open: () => AsyncIterable<Uint8Array> }): Promise<Uint8Array> {
  const parts: number[] = [];
  for await (const c of f.open()) parts.push(...c);
  return Uint8Array.from(parts);
}

describe("importFiles", () => {
  it("imports a zipped run folder like the folder itself, with the same content hash", async () => {
    const files = fixtureDir("fixtures/importers/ultralytics-seg");
    const entries: Record<string, Uint8Array> = {};
    for (const f of files) entries[f.path.replace("fixtures/importers/ultralytics-seg/", "")] = await readBytes(f);
    entries["train/weights/best.pt"] = new Uint8Array([1, 2, 3]);
    const zip = zipSync(entries, { level: 6 });
    const [fromZip] = await collectRuns([memFile("uploads/yolo.zip", zip, 1000)]);
    const [fromDir] = await collectRuns(files);
    expect(fromZip.format).toBe("ultralytics");
    expect(fromZip.name).toBe("train");
    expect(fromZip.series).toEqual(fromDir.series);
    expect(fromZip.run.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(fromZip.run.contentHash).toBe(fromDir.run.contentHash);
  });

  it("a changed byte changes the content hash", async () => {
    const [a] = await collectRuns([memFile("a.csv", "step,loss\n0,1\n")]);
    const [b] = await collectRuns([memFile("a.csv", "step,loss\n0,2\n")]);
    expect(a.run.contentHash).not.toBe(b.run.contentHash);
  });

  it("imports several runs at once, one per log", async () => {
    const runs = await collectRuns([
      fixtureFile("fixtures/realtrain/sgd-2e-2-multistep.jsonl"),
      fixtureFile("fixtures/realtrain/adagrad-1e-2-const.jsonl"),
      ...fixtureDir("fixtures/importers/lightning"),
    ]);
    expect(runs.map((r) => [r.name, r.format])).toEqual([
      ["version_0", "lightning-csv"],
      ["adagrad-1e-2-const", "generic-jsonl"],
      ["sgd-2e-2-multistep", "generic-jsonl"],
    ]);
  });

  it("a folder walk can skip files no format matches instead of failing", async () => {
    const files = [memFile("w/notes.txt", "just some notes\n"), ...fixtureDir("fixtures/importers/detectron2")];
    await expect(importFiles(files)).rejects.toThrow(/w\/notes\.txt: expected a supported log format/);
    const plan = await importFiles(files, { skipUnrecognized: true });
    expect(plan.runs.map((r) => r.format)).toEqual(["detectron2"]);
    expect(plan.unrecognized.map((u) => u.files)).toEqual([["w/notes.txt"]]);
    expect(plan.unrecognized[0].tried.every((t) => t.confidence === 0 && t.reason)).toBe(true);
  });

  it("lets the user override detection", async () => {
    const plan = await importFiles([fixtureFile("fixtures/reallogs-mit/4hmetcakmak_brats2020_keras_csvlogger_training.log")], { format: "generic-csv" });
    expect(plan.runs[0].format).toBe("generic-csv");
    expect(plan.runs[0].tried[0]).toEqual({ format: "keras-csv", confidence: 0.8 });
    const preview = await previewRun(plan.runs[0]);
    expect(preview.run.keys.x).toBe("epoch");
    expect(preview.metrics.loss).toMatchObject({ count: 24, minStep: 0, maxStep: 23 });
    expect(preview.points).toBe(24 * 11);
  });
});

describe("formatsCatalog", () => {
  it("lists every format with a detection rule and an example", () => {
    const cat = formatsCatalog();
    expect(cat.map((f) => f.id)).toEqual([
      "hf-trainer-state",
      "mmcv-log-json",
      "mmengine-scalars",
      "ultralytics",
      "lightning-csv",
      "keras-csv",
      "detectron2",
      "tensorboard",
      "mlflow",
      "torch-lr-finder",
      "json-history",
      "wandb-csv",
      "generic-csv",
      "generic-jsonl",
    ]);
    for (const f of cat) {
      expect(f.detection.length).toBeGreaterThan(40);
      expect(f.example.length).toBeGreaterThan(10);
    }
  });
});
