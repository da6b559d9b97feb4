import { BatchBuilder } from "../batch-builder";
import { ImportError } from "../errors";
import { numberFromJson } from "../text/numbers";
import type { ImportFormat } from "../types";
import { readJsonObject } from "./json-document";
import { lrFromText, readLrSeries } from "./lr-range-test";
import { mainFile, noMatch, jsonObjectText } from "./sniff";

/** The tag an imported range test carries; the analysis reads a run with it as a range test. */
export const LR_FINDER_TAG = "lr-finder";

export const torchLrFinder: ImportFormat = {
  id: "torch-lr-finder",
  title: "torch-lr-finder history (JSON)",
  detection:
    'A JSON object `{"lr": [...], "loss": [...]}` with arrays of equal length (torch-lr-finder\'s `history`) whose `lr` sweeps up over the whole file (rising at ≥ 90% of ≥ 10 points, ending ≥ 10× higher): a Keras history with `lr` and `loss` that holds or decays its LR is a training history instead. Each index is a step; tagged `lr-finder`.',
  example: '{"lr": [1e-08, 1.45e-08, 2.1e-08], "loss": [2.31, 2.30, 2.31]}',
  detect(files) {
    const text = jsonObjectText(files);
    if (typeof text !== "string") return text;
    if (!/^\{\s*"(lr|loss)"\s*:\s*\[/.test(text) || !/"lr"\s*:/.test(text) || !/"loss"\s*:/.test(text)) {
      return noMatch('not an object of "lr" and "loss" arrays');
    }
    const lr = lrFromText(text);
    const reading = lr ? readLrSeries(lr) : undefined;
    return reading?.rangeTest ? { confidence: 0.9 } : noMatch(reading?.reason ?? 'no "lr" values');
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
    const reading = readLrSeries(lrs.map((v) => numberFromJson(v) ?? NaN));
    return {
      config: {},
      tags: [LR_FINDER_TAG],
      keys: { x: "step", lr: "lr", mainMetric: "loss" },
      warnings: reading.rangeTest ? [] : [`Read as an LR range test, but ${reading.reason}.`],
      notes: reading.rangeTest ? [`Read as an LR range test: ${reading.reason}.`] : [],
    };
  },
};
