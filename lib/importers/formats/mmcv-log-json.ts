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
 */
function mmcvPlacer(): RecordPlacer {
  let lastEpoch = 0;
  let maxIter = 0;
  let itersPerEpoch = 0;
  let lastTrainStep: number | undefined;
  return {
    skipKeys: new Set(["mode", "epoch", "iter"]),
    place(r) {
      if (r.mode !== "train" && r.mode !== "val") return undefined;
      const epoch = numField(r, "epoch") ?? 1;
      if (r.mode === "val") return { step: lastTrainStep ?? numField(r, "iter") ?? 0, epoch, skip: VAL_TIMING };
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
    const res = yield* parseJsonlRun(mainFile(files), mmcvPlacer());
    const first = res.first;
    const config = typeof first?.config === "string" ? mmConfigFromText(first.config) : {};
    if (typeof first?.seed === "number") config.seed ??= first.seed;
    const name = typeof first?.exp_name === "string" ? first.exp_name.replace(/\.py$/, "") : undefined;
    return { name, config, keys: { x: "step" }, warnings: res.warnings };
  },
};
