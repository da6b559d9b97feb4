import { mapUltralyticsConfig, withOriginal } from "../config/map-config";
import { readYamlMapping } from "../config/yaml-config";
import { findColumn, parseCsvRun } from "../csv-run";
import type { ImportFormat } from "../types";
import { sniffTable } from "./generic-csv";
import { findFile, mainFile, noMatch } from "./sniff";

const MARKERS = /^(train\/(box|seg|cls|dfl|pose|kobj)_loss|metrics\/(mAP50|precision|recall)|lr\/pg\d)/;

function ultralyticsConfig(args: Record<string, unknown>): Record<string, unknown> {
  return withOriginal(mapUltralyticsConfig(args), { args });
}

export const ultralytics: ImportFormat = {
  id: "ultralytics",
  title: "Ultralytics YOLO results.csv (+ args.yaml)",
  detection:
    "CSV with an `epoch` column and Ultralytics columns (`train/box_loss`, `train/seg_loss`, `metrics/mAP50(B)`, `metrics/mAP50(M)`, `lr/pg0`…). x = epoch (1-based as written). `args.yaml` next to it gives optimizer, lr0, lrf, cos_lr, warmup_epochs, batch, epochs.",
  example:
    "                  epoch,      train/box_loss,   metrics/mAP50(B),   val/box_loss,   lr/pg0\n                      1,              1.2345,            0.45,          1.345,  0.00332\n",
  detect(files) {
    const t = sniffTable(files);
    if (!("header" in t)) return t;
    if (!t.header.includes("epoch")) return noMatch("no `epoch` column");
    const n = t.header.filter((h) => MARKERS.test(h)).length;
    if (n === 0) return noMatch("no Ultralytics columns (train/box_loss, metrics/mAP50(B), lr/pg0…)");
    return { confidence: n >= 2 ? 0.95 : 0.7 };
  },
  async *parse(files) {
    const res = yield* parseCsvRun(mainFile(files), (header) => {
      const epoch = findColumn(header, ["epoch"]);
      return { step: epoch, epoch };
    });
    const argsFile = findFile(files.slice(1), /(^|\/)args\.ya?ml$/);
    const args = argsFile ? await readYamlMapping(argsFile, res.warnings) : undefined;
    const name = typeof args?.name === "string" ? args.name : undefined;
    return { name, config: args ? ultralyticsConfig(args) : {}, keys: { x: "epoch" }, warnings: res.warnings };
  },
};
