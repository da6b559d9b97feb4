import { BatchBuilder } from "../batch-builder";
import { ImportError } from "../errors";
import { numberFromJson } from "../text/numbers";
import type { ImportFormat } from "../types";
import { readJsonObject } from "./json-document";
import { mainFile, noMatch, jsonObjectText } from "./sniff";

export const torchLrFinder: ImportFormat = {
  id: "torch-lr-finder",
  title: "torch-lr-finder history (JSON)",
  detection:
    'A JSON object `{"lr": [...], "loss": [...]}` with arrays of equal length (torch-lr-finder\'s `history`). Each index is a step; tagged `lr-finder`.',
  example: '{"lr": [1e-08, 1.45e-08, 2.1e-08], "loss": [2.31, 2.30, 2.31]}',
  detect(files) {
    const text = jsonObjectText(files);
    if (typeof text !== "string") return text;
    if (!/^\{\s*"(lr|loss)"\s*:\s*\[/.test(text) || !/"lr"\s*:/.test(text) || !/"loss"\s*:/.test(text)) {
      return noMatch('not an object of "lr" and "loss" arrays');
    }
    return { confidence: 0.9 };
  },
  async *parse(files) {
    const file = mainFile(files);
    const doc = await readJsonObject(file);
    if (!Array.isArray(doc.lr) || !Array.isArray(doc.loss) || doc.lr.length !== doc.loss.length) {
      throw new ImportError({ file: file.path, expected: '{"lr": [...], "loss": [...]} with arrays of equal length' });
    }
    const lrs = doc.lr;
    const builder = new BatchBuilder();
    const series = Object.entries(doc).filter((e): e is [string, unknown[]] => Array.isArray(e[1]) && e[1].length === lrs.length);
    for (let i = 0; i < lrs.length; i++) {
      const row = builder.row(i);
      for (const [key, arr] of series) {
        const v = numberFromJson(arr[i]);
        if (v !== undefined) builder.set(row, key, v);
      }
      if (builder.full) yield builder.take()!;
    }
    const last = builder.take();
    if (last) yield last;
    return { config: {}, tags: ["lr-finder"], keys: { x: "step", lr: "lr", mainMetric: "loss" }, warnings: [] };
  },
};
