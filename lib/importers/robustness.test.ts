import { describe, expect, it } from "vitest";
import { ImportError } from "./errors";
import { importFiles } from "./index";
import { collectOne, type CollectedRun } from "./test-helpers/collect";
import { memFile } from "./test-helpers/sources";

// 7-byte pieces by default (every chunk border gets crossed); big inputs pass larger pieces, or the harness's millions of yields are what gets timed.
const one = (path: string, content: string | Uint8Array, format?: string, chunk?: number) => collectOne([memFile(path, content, chunk)], { format });

async function importError(path: string, content: string | Uint8Array, format?: string, chunk?: number): Promise<ImportError> {
  try {
    await one(path, content, format, chunk);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error("expected an ImportError");
}

const values = (r: CollectedRun, key: string) => r.series[key].map(([s, v]) => [s, v]);

describe("text robustness", () => {
  it("CSV: BOM, CRLF, quoted fields (with commas and a newline), missing cells", async () => {
    const csv = '\uFEFFstep,"loss, train",note,val\r\n0,1.5,"a, b",\r\n1,,"multi\r\nline",0.5\r\n2,1.25,"say ""hi""",0.6\r\n';
    const r = await one("log.csv", csv);
    expect(r.format).toBe("generic-csv");
    expect(values(r, "loss, train")).toEqual([
      [0, 1.5],
      [2, 1.25],
    ]);
    expect(values(r, "val")).toEqual([
      [1, 0.5],
      [2, 0.6],
    ]);
    expect(r.series.note).toBeUndefined();
  });

  it("CSV: nan/inf spellings become NaN and ±Infinity", async () => {
    const r = await one("x.csv", "step,a\n0,nan\n1,NaN\n2,inf\n3,-inf\n4,Infinity\n5,-Infinity\n6,+inf\n7,1e-3\n");
    expect(values(r, "a")).toEqual([
      [0, NaN],
      [1, NaN],
      [2, Infinity],
      [3, -Infinity],
      [4, Infinity],
      [5, -Infinity],
      [6, Infinity],
      [7, 0.001],
    ]);
  });

  it("CSV: a truncated last line keeps its complete cells", async () => {
    const r = await one("x.csv", "step,a,b\n0,1,2\n1,3");
    expect(values(r, "a")).toEqual([
      [0, 1],
      [1, 3],
    ]);
    expect(values(r, "b")).toEqual([[0, 2]]);
  });

  it("JSONL: a truncated last line is dropped with a warning", async () => {
    const r = await one("x.jsonl", '{"step": 0, "loss": 1}\n{"step": 1, "loss": 0.5}\n{"step": 2, "lo');
    expect(values(r, "loss")).toEqual([
      [0, 1],
      [1, 0.5],
    ]);
    expect(r.run.warnings.join()).toMatch(/x\.jsonl:3: truncated last line/);
  });

  it("JSONL: an invalid line in the middle names file and line", async () => {
    const e = await importError("x.jsonl", '{"step": 0, "loss": 1}\n{"step": 1, "loss": 0.5}\nnot json\n{"step": 3, "loss": 0.1}\n');
    expect(e.file).toBe("x.jsonl");
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/x\.jsonl:3: expected one JSON object per line/);
  });

  it("duplicate steps and steps restarting after a resume: later values win", async () => {
    const r = await one("x.jsonl", [0, 1, 2, 3, 2, 3, 4].map((s, i) => JSON.stringify({ step: s, loss: i })).join("\n"));
    expect(values(r, "loss")).toEqual([
      [0, 0],
      [1, 1],
      [2, 4],
      [3, 5],
      [4, 6],
    ]);
  });

  it("later values also win across batch borders", async () => {
    const lines = Array.from({ length: 25_000 }, (_, i) => `${i % 15_000},${i}`);
    const r = await one("x.csv", `step,v\n${lines.join("\n")}\n`);
    expect(r.batches.every((b) => b.step.length <= 10_000)).toBe(true);
    expect(r.series.v).toHaveLength(15_000);
    expect(r.series.v[0]).toEqual([0, 15_000]);
    expect(r.series.v[14_999]).toEqual([14_999, 14_999]);
  });

  it("mixed train/val lines merge at one step", async () => {
    const r = await one("x.jsonl", '{"type": "train", "step": 10, "loss": 0.5}\n{"type": "val", "step": 10, "val": {"mIoU": 0.4}}\n');
    expect(r.batches[0].step).toEqual([10]);
    expect(r.batches[0].values).toEqual({ loss: [0.5], "val/mIoU": [0.4] });
  });

  it("non-UTF-8 bytes in a text cell do not stop the import", async () => {
    const head = new TextEncoder().encode("step,name,loss\n0,caf");
    const tail = new TextEncoder().encode(",1.5\n1,x,1.25\n");
    const bytes = new Uint8Array([...head, 0xe9, ...tail]); // Latin-1 "é"
    const r = await one("x.csv", bytes);
    expect(values(r, "loss")).toEqual([
      [0, 1.5],
      [1, 1.25],
    ]);
  });

  it("a binary file named .csv fails detection with every format's reason", async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    const e = await importError("model.csv", bytes);
    expect(e.code).toBe("unprocessable_file");
    expect(e.file).toBe("model.csv");
    expect(e.tried?.length).toBe(14);
    expect(e.tried?.find((t) => t.format === "generic-csv")?.reason).toMatch(/binary/);
    expect(e.tried?.find((t) => t.format === "tensorboard")?.reason).toMatch(/TFRecord/);
  });

  it("a 0-byte file fails with a clear reason", async () => {
    const e = await importError("empty.csv", "");
    expect(e.tried?.find((t) => t.format === "generic-csv")?.reason).toBe("the file is empty");
  });

  it("a header without any data row fails naming the file", async () => {
    const e = await importError("x.csv", "step,loss\n", "generic-csv");
    expect(e.message).toMatch(/^x\.csv: expected at least one numeric metric value/);
  });

  it("a gigantic single line fails naming file and line", async () => {
    const big = `{"step": 1, "pad": "${"x".repeat(17 * 1024 * 1024)}"}`;
    const e = await importError("big.jsonl", `{"step": 0, "loss": 1}\n${big}\n`, "generic-jsonl", 64 * 1024);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/big\.jsonl:2: expected lines shorter than/);
  });

  it("a negative or fractional step fails naming the line", async () => {
    const e = await importError("x.csv", "step,loss\n0,1\n1.5,2\n");
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/x\.csv:3: expected a non-negative integer step, found 1\.5/);
  });

  it("an unknown forced format is an ImportError listing the formats", async () => {
    await expect(importFiles([memFile("x.csv", "a,b\n1,2\n")], { format: "nope" })).rejects.toThrow(/expected a format among hf-trainer-state/);
  });
});
