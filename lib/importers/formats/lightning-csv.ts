import { mapConfig, normalizeOptimizer, withOriginal } from "../config/map-config";
import { readYamlMapping } from "../config/yaml-config";
import { findColumn, parseCsvRun } from "../csv-run";
import type { ImportFormat } from "../types";
import { sniffTable } from "./generic-csv";
import { findFile, mainFile, noMatch } from "./sniff";

/** LearningRateMonitor columns: `lr-AdamW`, `lr-AdamW/pg1`, `lr-SGD-momentum` (the momentum, not an lr). */
const LR_COLUMN = /^lr-([A-Za-z0-9_]+?)(?:\/pg\d+)?$/;

/** The optimizer a LearningRateMonitor key names (`lr-AdamW` → AdamW), if it is one. */
export function optimizerFromLrKey(key: string): string | undefined {
  const m = LR_COLUMN.exec(key);
  return m ? normalizeOptimizer(m[1]) : undefined;
}

export const lightningCsv: ImportFormat = {
  id: "lightning-csv",
  title: "PyTorch Lightning CSVLogger metrics.csv (+ hparams.yaml)",
  detection:
    "CSV with both `epoch` and `step` columns (Lightning's sparse rows, merged by step); `lr-<Optimizer>` columns from LearningRateMonitor name the optimizer. `hparams.yaml` next to it is the config.",
  example: "epoch,lr-AdamW,step,train_loss,val_loss,val_mIoU\n0,0.001,49,0.92,,\n0,,49,,0.81,0.42\n",
  detect(files) {
    const t = sniffTable(files);
    if (!("header" in t)) return t;
    if (!t.header.includes("step") || !t.header.includes("epoch")) return noMatch("no `step` and `epoch` columns");
    const named = /(^|\/)metrics\.csv$/.test(files[0].path) || t.header.some((h) => LR_COLUMN.test(h));
    // Without its file name or an lr-<Optimizer> column, a step+epoch table is just a table.
    return { confidence: named ? 0.85 : 0.35 };
  },
  async *parse(files) {
    let optimizer: string | undefined;
    let lrKey: string | undefined;
    const res = yield* parseCsvRun(mainFile(files), (header) => {
      lrKey = header.find((h) => LR_COLUMN.test(h));
      optimizer = lrKey && optimizerFromLrKey(lrKey);
      return { step: findColumn(header, ["step"]), epoch: findColumn(header, ["epoch"]) };
    });
    const hpFile = findFile(files.slice(1), /(^|\/)hparams\.ya?ml$/);
    const hparams = hpFile ? await readYamlMapping(hpFile, res.warnings) : undefined;
    const mapped = hparams ? mapConfig(hparams) : {};
    if (optimizer) mapped.optimizer ??= optimizer;
    return { config: withOriginal(mapped, { hparams }), keys: { x: "step", lr: lrKey }, warnings: res.warnings };
  },
};
