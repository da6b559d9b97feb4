import { mmConfigFromText } from "../config/mm-config";
import { numField, parseJsonlRun, type RecordPlacer } from "../jsonl-run";
import type { ImportFormat } from "../types";
import { sampleRecords } from "./jsonl-sample";
import { mainFile, noMatch } from "./sniff";

/** A val line's timing keys describe evaluation; kept, they would overwrite train's at that step. */
export const VAL_TIMING: ReadonlySet<string> = new Set(["time", "data_time", "memory"]);

/**
 * MMCV's TextLoggerHook writes `iter` as the global iteration for iteration-based runners but
 * as the iteration within the epoch for epoch-based ones; the epoch-based case is recognised
 * when `iter` falls back as `epoch` grows, and the step becomes (epoch-1)·iters-per-epoch + iter.
 * Val lines carry the val set size as `iter`, so they take the last train step.
 * A file with no train line at all (mmcls 0.x with workflow [('train', 1), ('val', 1)] and a log
 * interval longer than an epoch writes every line as "val", `iter` fixed at the val loader's
 * length) is placed by epoch: only the epoch moves, and by `iter` all lines would fall on one step.
 */
function mmcvPlacer(): RecordPlacer & { x: () => "step" | "epoch" } {
  let lastEpoch = 0;
  let maxIter = 0;
  let itersPerEpoch = 0;
  let lastTrainStep: number | undefined;
  let byEpoch = false;
  return {
    skipKeys: new Set(["mode", "epoch", "iter"]),
    x: () => (byEpoch ? "epoch" : "step"),
    place(r) {
      if (r.mode !== "train" && r.mode !== "val") return undefined;
      const epoch = numField(r, "epoch") ?? 1;
      if (r.mode === "val") {
        if (lastTrainStep !== undefined) return { step: lastTrainStep, epoch, skip: VAL_TIMING };
        byEpoch = true;
        return { step: epoch, epoch };
      }
      const iter = numField(r, "iter") ?? 0;
      if (epoch > lastEpoch && lastEpoch > 0 && iter <= maxIter && itersPerEpoch === 0) itersPerEpoch = maxIter;
      if (epoch === lastEpoch || lastEpoch === 0) maxIter = Math.max(maxIter, iter);
      lastEpoch = epoch;
      lastTrainStep = (epoch - 1) * itersPerEpoch + iter;
      return { step: lastTrainStep, epoch };
    },
  };
}

export const mmcvLogJson: ImportFormat = {
  id: "mmcv-log-json",
  title: "MMSegmentation / MMCV 1.x *.log.json",
  detection:
    'JSON lines with `"mode": "train"` or `"val"` plus `epoch` and `iter`; the first line may hold `env_info`, `config` (the config text: optimizer, lr_config, runner) and `exp_name`.',
  example:
    '{"env_info": "…", "config": "optimizer = dict(type=\'SGD\', lr=0.01)…", "seed": 0, "exp_name": "fcn.py"}\n{"mode": "train", "epoch": 1, "iter": 50, "lr": 0.00999, "loss": 1.2, "time": 0.4}\n{"mode": "val", "epoch": 1, "iter": 500, "lr": 0.0099, "aAcc": 0.91, "mIoU": 0.42, "mAcc": 0.55}\n',
  detect(files) {
    const records = sampleRecords(files);
    if (!Array.isArray(records)) return records;
    if (records.some((r) => (r.mode === "train" || r.mode === "val") && r.iter !== undefined)) return { confidence: 0.95 };
    if (typeof records[0]?.env_info === "string") return { confidence: 0.8 };
    return noMatch('no line with "mode": "train"/"val" and "iter"');
  },
  async *parse(files) {
    const placer = mmcvPlacer();
    const res = yield* parseJsonlRun(mainFile(files), placer);
    const first = res.first;
    const config = typeof first?.config === "string" ? mmConfigFromText(first.config) : {};
    if (typeof first?.seed === "number") config.seed ??= first.seed;
    const name = typeof first?.exp_name === "string" ? first.exp_name.replace(/\.py$/, "") : undefined;
    const notes = placer.x() === "epoch" ? ["Every line is a val line (train and val workflow, log interval longer than an epoch): placed by epoch."] : [];
    return { name, config, keys: { x: placer.x() }, warnings: res.warnings, notes };
  },
};
