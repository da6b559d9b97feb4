import { parseCsvRun } from "../csv-run";
import type { ImportFormat } from "../types";
import { sniffTable } from "./generic-csv";
import { mainFile, noMatch } from "./sniff";

export const kerasCsv: ImportFormat = {
  id: "keras-csv",
  title: "Keras CSVLogger",
  detection:
    "CSV whose header starts with `epoch` and has `loss`, with Keras-style names (`val_*`, `lr`/`learning_rate`) and no `step` column or `/` in names. x = epoch (0-based).",
  example: "epoch,accuracy,loss,lr,val_accuracy,val_loss\n0,0.91,0.31,0.001,0.93,0.25\n",
  detect(files) {
    const t = sniffTable(files);
    if (!("header" in t)) return t;
    const h = t.header;
    if (h[0] !== "epoch") return noMatch("the first column is not `epoch`");
    if (!h.includes("loss")) return noMatch("no `loss` column");
    if (h.includes("step") || h.some((c) => c.includes("/"))) return noMatch("has a `step` column or `/` in names (not CSVLogger)");
    return { confidence: h.some((c) => c.startsWith("val_") || c === "lr" || c === "learning_rate") ? 0.8 : 0.6 };
  },
  async *parse(files) {
    const res = yield* parseCsvRun(mainFile(files), () => ({ step: 0, epoch: 0 }));
    // The framework, so the analysis reads a plateau in Keras's ReduceLROnPlateau terms (isKerasRun).
    return { config: { framework: "keras" }, keys: { x: "epoch" }, warnings: res.warnings };
  },
};
