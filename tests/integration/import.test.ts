import fs from "node:fs";
import { describe, expect, it } from "vitest";
import * as imp from "@/app/api/v1/import/route";
import * as formats from "@/app/api/v1/import/formats/route";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import * as analysis from "@/app/api/v1/runs/[id]/analysis/route";
import * as runById from "@/app/api/v1/runs/[id]/route";
import { call, uniqueSlug } from "./http";

const KERAS = "fixtures/reallogs-mit/4hmetcakmak_brats2020_keras_csvlogger_training.log";
const JSONL = "fixtures/realtrain/sgd-2e-2-exp.jsonl";

async function upload(fields: Record<string, string>, files: [string, Uint8Array | string][]) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const [name, content] of files) form.append("files", new Blob([content as BlobPart]), name);
  const res = await imp.POST(new Request("http://127.0.0.1:3000/api/v1/import", { method: "POST", body: form }), { params: Promise.resolve({}) });
  return { status: res.status, json: await res.json() };
}
const file = (p: string): [string, Uint8Array] => [p.split("/").pop()!, fs.readFileSync(p)];
const listRuns = async (project: string) => {
  const res = await runs.GET(new Request(`http://127.0.0.1:3000/api/v1/runs?project=${project}`), { params: Promise.resolve({}) });
  return res.status === 404 ? [] : (await res.json()).runs;
};

describe("POST /api/v1/import", () => {
  it("previews without writing, then imports a Keras CSVLogger log with its values", async () => {
    const project = uniqueSlug("imp");
    const preview = await upload({ project, preview: "true" }, [file(KERAS)]);
    expect(preview.status).toBe(200);
    const p = preview.json.runs[0];
    expect(p.format).toBe("keras-csv");
    expect(p.metrics.lr).toMatchObject({ count: 24, first: 0.001 });
    expect(p.keys.lr).toBe("lr");
    expect(await listRuns(project)).toHaveLength(0);

    const done = await upload({ project, tags: '["brats"]' }, [file(KERAS)]);
    expect(done.status).toBe(201);
    const run = done.json.runs[0];
    expect(run.metrics).toEqual(expect.arrayContaining(["lr", "loss", "val_loss", "mean_io_u_5"]));
    const s = (
      await (
        await metrics.GET(new Request(`http://127.0.0.1:3000/api/v1/runs/${run.id}/metrics?keys=lr&maxPoints=0`), { params: Promise.resolve({ id: run.id }) })
      ).json()
    ).series.lr;
    expect(s.y[0]).toBe(0.001);
    expect(s.y[4]).toBe(0.00020000001);
    expect(s.count).toBe(24);
    const listed = await listRuns(project);
    expect(listed[0].tags).toEqual(expect.arrayContaining(["brats", "imported", "keras-csv"]));
  });

  it("analyses an imported linear torch-lr-finder sweep as a range test (tagged lr-finder), with torch-lr-finder's own suggestion beside Anneal's", async () => {
    const project = uniqueSlug("imp");
    const done = await upload({ project }, [file("fixtures/writer-output/torch-lr-finder/lr_finder_sgd_linear_val.json")]);
    expect(done.status).toBe(201);
    const id = done.json.runs[0].id;
    const get = (qs: string) => call(analysis.GET, "GET", `/api/v1/runs/${id}/analysis${qs}`, { params: { id } });
    const a = (await get("")).json;
    // The LR alone (linear 1e-3 → 1) is not an exponential ramp: the tag decides.
    expect(a.lrFinder).toMatchObject({ suggestedLr: 0.09181818181818183, torchLrFinderLr: 0.10190909090909091, minLossLr: 1, method: "steepest" });
    expect(a.advice.find((x: { rule: string }) => x.rule === "lr_finder").evidence.torchLrFinderLr).toBe(0.10190909090909091);
    // Forbidding the range-test reading still works, and then the rising LR is a warmup the log ends in.
    const b = (await get("?rangeTest=false")).json;
    expect(b.lrFinder).toBeUndefined();
    expect(b.schedule.warmup).toMatchObject({ type: "linear", ongoing: true });
  });

  it("re-analyses a run whose tags were edited, though it logged nothing new: removing lr-finder hides the range test, adding it back shows it", async () => {
    const project = uniqueSlug("imp");
    const done = await upload({ project }, [file("fixtures/writer-output/torch-lr-finder/lr_finder_sgd_linear_val.json")]);
    const id = done.json.runs[0].id;
    const tags: string[] = (await listRuns(project))[0].tags;
    expect(tags).toContain("lr-finder");
    const read = async () => (await call(analysis.GET, "GET", `/api/v1/runs/${id}/analysis`, { params: { id } })).json;
    const patch = async (body: object) => expect((await call(runById.PATCH, "PATCH", `/api/v1/runs/${id}`, { params: { id }, body })).status).toBe(200);
    expect((await read()).lrFinder).toMatchObject({ suggestedLr: 0.09181818181818183 });
    // Without the tag the linear sweep is a warmup the log ends in: no range-test panel.
    await patch({ tags: tags.filter((t) => t !== "lr-finder") });
    const untagged = await read();
    expect(untagged.lrFinder).toBeUndefined();
    expect(untagged.schedule.warmup).toMatchObject({ type: "linear", ongoing: true });
    await patch({ tags });
    expect((await read()).lrFinder).toMatchObject({ suggestedLr: 0.09181818181818183 });
  });

  it("recognises the same file imported twice and points at the existing run", async () => {
    const project = uniqueSlug("imp");
    const first = await upload({ project }, [file(JSONL)]);
    const second = await upload({ project }, [file(JSONL)]);
    expect(second.status).toBe(201);
    expect(second.json.runs[0].duplicateOf.id).toBe(first.json.runs[0].id);
    expect(await listRuns(project)).toHaveLength(1);
    const preview = await upload({ project, preview: "true" }, [file(JSONL)]);
    expect(preview.json.runs[0].duplicateOf.id).toBe(first.json.runs[0].id);
  });

  it("imports several runs from one upload, grouped by folder", async () => {
    const project = uniqueSlug("imp");
    const r = await upload({ project }, [
      ["exp-a/log.jsonl", fs.readFileSync(JSONL)],
      ["exp-b/training.log", fs.readFileSync(KERAS)],
    ]);
    expect(r.status).toBe(201);
    expect(r.json.runs).toHaveLength(2);
    expect(await listRuns(project)).toHaveLength(2);
  });

  it("answers 422 naming the file for an unreadable upload, and imports nothing from the request", async () => {
    const project = uniqueSlug("imp");
    const binary = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const r = await upload({ project }, [
      ["good/log.jsonl", fs.readFileSync(JSONL)],
      ["bad/metrics.csv", binary],
    ]);
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe("unprocessable_file");
    expect(r.json.error.message).toContain("metrics.csv");
    expect(await listRuns(project)).toHaveLength(0);
  });

  it("rejects a request without files or project", async () => {
    const r = await upload({ preview: "true" }, [file(JSONL)]);
    expect(r.status).toBe(400);
    expect(r.json.error.details[0].path).toBe("project");
  });
});

describe("GET /api/v1/import/formats", () => {
  it("lists every format with its detection rule and an example", async () => {
    const j = (await call(formats.GET, "GET", "/api/v1/import/formats")).json;
    const ids = j.formats.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["keras-csv", "tensorboard", "hf-trainer-state", "generic-csv", "generic-jsonl"]));
    for (const f of j.formats) expect(f.detection.length).toBeGreaterThan(10);
  });
});

describe("import round trip", () => {
  it("reads back exactly the values of the file, NaN and Infinity included", async () => {
    const path = "fixtures/realtrain/sgd-80-const-nan.jsonl";
    const lines = fs
      .readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const train = lines.filter((l) => l.type === "train");
    const r = await upload({ project: uniqueSlug("rt") }, [file(path)]);
    expect(r.status).toBe(201);
    const id = r.json.runs[0].id;
    const s = (
      await (
        await metrics.GET(new Request(`http://127.0.0.1:3000/api/v1/runs/${id}/metrics?keys=loss,lr&maxPoints=0`), { params: Promise.resolve({ id }) })
      ).json()
    ).series;
    expect(s.loss.x).toEqual(train.map((l) => l.step));
    expect(s.loss.y).toEqual(train.map((l) => l.loss));
    expect(s.lr.y).toEqual(train.map((l) => l.lr));
    expect(s.loss.y).toContain("NaN");
  });

  it("keeps the last value of a step logged again after its chunk was written", async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},${i / 2}`);
    rows.push("5,-1", "39999,-2");
    const r = await upload({ project: uniqueSlug("rt") }, [["log.csv", `step,loss\n${rows.join("\n")}\n`]]);
    expect(r.status).toBe(201);
    const id = r.json.runs[0].id;
    const s = (
      await (
        await metrics.GET(new Request(`http://127.0.0.1:3000/api/v1/runs/${id}/metrics?keys=loss&maxPoints=0`), { params: Promise.resolve({ id }) })
      ).json()
    ).series.loss;
    expect(s.x).toHaveLength(40_000);
    expect(s.y.slice(4, 7)).toEqual([2, -1, 3]);
    expect(s.y[39_999]).toBe(-2);
  });

  it("leaves no run behind when a file fails after some of its chunks were written", async () => {
    const project = uniqueSlug("rt");
    const rows = Array.from({ length: 60_000 }, (_, i) => `${i},${i / 2}`);
    rows.push("-1,0");
    const r = await upload({ project }, [["log.csv", `step,loss\n${rows.join("\n")}\n`]]);
    expect(r.status).toBe(422);
    expect(await listRuns(project)).toHaveLength(0);
  });
});

describe("POST /api/v1/import: issue 13's real-world files", () => {
  it("previews an all-val MMCV log by epoch and a repeated-step log with its collapsed values counted", async () => {
    const project = uniqueSlug("imp");
    const mmcls = "fixtures/importers/mmcls-0x-val-workflow/work_dirs/resnet18_flowers/20230205_142332.log.json";
    const p = (await upload({ project, preview: "true" }, [file(mmcls)])).json.runs[0];
    expect(p).toMatchObject({ format: "mmcv-log-json", keys: { x: "epoch", lr: "lr" }, warnings: [] });
    expect(p.metrics.lr).toMatchObject({ count: 20, minStep: 1, maxStep: 20, first: 0.01, last: 0.0001 });
    expect(p.notes[0]).toMatch(/placed by epoch/);
    const repeated = '{"step": 0, "loss": 2.0}\n{"step": 0, "loss": 1.9}\n{"step": 1, "loss": 1.5}\n';
    const q = (await upload({ project, preview: "true" }, [["log.jsonl", repeated]])).json.runs[0];
    expect(q.metrics.loss).toMatchObject({ count: 2, collapsed: 1 });
    expect(q.warnings[0]).toMatch(/^1 value fell on a step another line already held/);
    const written = await upload({ project }, [["log.jsonl", repeated]]);
    expect(written.json.runs[0].warnings[0]).toMatch(/only the last is kept \(loss ×1\)/);
  });

  it("imports a Keras history dict and says it is a training history, not an LR range test", async () => {
    const project = uniqueSlug("imp");
    const r = await upload({ project, preview: "true" }, [file("fixtures/importers/json-history/brats_keras_history_lr_loss.json")]);
    const p = r.json.runs[0];
    expect(p.format).toBe("json-history");
    expect(p.notes.join(" ")).toMatch(/Read as a training history, not an LR range test: lr 0.001 → 0.000001/);
    expect(p.tried.find((t: { format: string }) => t.format === "torch-lr-finder").reason).toMatch(/not an LR range test/);
    const done = await upload({ project }, [file("fixtures/importers/json-history/brats_keras_history_lr_loss.json")]);
    const id = done.json.runs[0].id;
    const s = (
      await (
        await metrics.GET(new Request(`http://127.0.0.1:3000/api/v1/runs/${id}/metrics?keys=lr,loss&maxPoints=0`), { params: Promise.resolve({ id }) })
      ).json()
    ).series;
    expect(s.lr.count).toBe(24);
    expect(s.lr.y[23]).toBe(1e-6);
  });
});
