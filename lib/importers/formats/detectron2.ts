import { mapConfig, withOriginal } from "../config/map-config";
import { readYamlMapping } from "../config/yaml-config";
import { numField, parseJsonlRun } from "../jsonl-run";
import type { ImportFormat } from "../types";
import { sampleRecords } from "./jsonl-sample";
import { findFile, mainFile, noMatch } from "./sniff";

export const detectron2: ImportFormat = {
  id: "detectron2",
  title: "Detectron2 metrics.json",
  detection:
    "JSON lines with `iteration` and Detectron2 keys (`total_loss`, `eta_seconds`, `lr`, or eval keys like `sem_seg/mIoU`, `bbox/AP`). `config.yaml` next to it gives SOLVER.BASE_LR, IMS_PER_BATCH, MAX_ITER, LR_SCHEDULER_NAME.",
  example:
    '{"data_time": 0.01, "eta_seconds": 3600, "iteration": 19, "lr": 0.0004, "loss_sem_seg": 2.1, "time": 0.5, "total_loss": 2.1}\n{"iteration": 4999, "sem_seg/mIoU": 61.2, "sem_seg/pACC": 88.0}\n',
  detect(files) {
    const records = sampleRecords(files);
    if (!Array.isArray(records)) return records;
    const hits = records.filter(
      (r) =>
        r.iteration !== undefined &&
        (r.total_loss !== undefined || r.eta_seconds !== undefined || Object.keys(r).some((k) => /^[a-z_]+\/(mIoU|AP|fwIoU)/.test(k))),
    ).length;
    if (hits === 0) return noMatch("no line with `iteration` and `total_loss`/`eta_seconds`/eval keys");
    return { confidence: /metrics\.json$/.test(files[0].path) ? 0.95 : 0.85 };
  },
  async *parse(files) {
    const res = yield* parseJsonlRun(mainFile(files), {
      skipKeys: new Set(["iteration"]),
      place: (r) => {
        const step = numField(r, "iteration");
        return step === undefined ? undefined : { step };
      },
    });
    const cfgFile = findFile(files.slice(1), /(^|\/)config\.ya?ml$/);
    const cfg = cfgFile ? await readYamlMapping(cfgFile, res.warnings) : undefined;
    return { config: cfg ? withOriginal(mapConfig(cfg), { config: cfg }) : {}, keys: { x: "step" }, warnings: res.warnings };
  },
};
