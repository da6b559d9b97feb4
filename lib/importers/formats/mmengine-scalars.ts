import { mmConfigFromText } from "../config/mm-config";
import { numField, parseJsonlRun, type RecordPlacer } from "../jsonl-run";
import { readHead } from "../text/read-all";
import type { ImportFormat, SourceFile } from "../types";
import { sampleRecords } from "./jsonl-sample";
import { VAL_TIMING } from "./mmcv-log-json";
import { findFile, mainFile, noMatch } from "./sniff";

/** The config dump sits at the start of the text log; read no more of it than this. */
const LOG_HEAD_BYTES = 4 * 1024 * 1024;

/**
 * Train lines carry `step` = global iteration (and `epoch`, `iter` within it for epoch-based
 * loops). Val lines have no `lr`/`iter`: in epoch-based loops their `step` is the epoch, so they
 * take the last train step instead.
 */
function mmenginePlacer(): RecordPlacer {
  let epochBased = false;
  let lastTrainStep: number | undefined;
  return {
    skipKeys: new Set(["step", "iter", "epoch"]),
    place(r) {
      const step = numField(r, "step");
      if (step === undefined) return undefined;
      const isTrain = r.lr !== undefined || r.iter !== undefined;
      if (isTrain) {
        const epoch = numField(r, "epoch");
        if (epoch !== undefined) epochBased = true;
        lastTrainStep = step;
        return { step, epoch };
      }
      if (epochBased && lastTrainStep !== undefined) return { step: lastTrainStep, epoch: step, skip: VAL_TIMING };
      return { step, skip: VAL_TIMING };
    },
  };
}

async function configText(files: SourceFile[]): Promise<string | undefined> {
  const source = findFile(files, /(^|\/)config\.py$/) ?? findFile(files, /\.log$/);
  if (!source) return undefined;
  const { head } = await readHead(source, LOG_HEAD_BYTES);
  return new TextDecoder().decode(head);
}

/**
 * The LR: with one parameter group a train line has `lr`; with several (a `paramwise_cfg` with
 * `lr_mult`s, `custom_keys` …) MMEngine's OptimWrapper.get_lr() gives `base_lr` — the optimizer's
 * own LR, which the param schedulers move with the groups' — and `lr` of group 0 only, scaled by
 * that group's `lr_mult` (often the backbone at ×0.1). Anneal's LR curve is the scheduled LR, the
 * one the config's `optimizer.lr` and `param_scheduler` describe: `base_lr` when it is there
 * (findLrKeys, lib/metrics/lr-keys.ts, ranks it first); `lr` stays as group 0's curve.
 */
export const mmengineScalars: ImportFormat = {
  id: "mmengine-scalars",
  title: "MMEngine / MMSegmentation ≥ 1.0 vis_data/scalars.json (+ text log)",
  detection:
    "JSON lines with `step` and MMEngine's `data_time`/`memory`/`time` keys and no `mode` (usually `vis_data/scalars.json`). The config dump in the text `*.log` (or `vis_data/config.py`) gives optim_wrapper, param_scheduler, train_cfg.",
  example:
    '{"lr": 0.0001, "data_time": 0.01, "loss": 1.9, "decode.loss_ce": 1.9, "time": 0.42, "iter": 50, "memory": 3120, "step": 50}\n{"aAcc": 71.3, "mIoU": 12.9, "mAcc": 18.2, "data_time": 0.002, "time": 0.1, "step": 8000}\n',
  detect(files) {
    const records = sampleRecords(files);
    if (!Array.isArray(records)) return records;
    if (records.some((r) => r.mode !== undefined)) return noMatch('has a "mode" key (MMCV 1.x, not MMEngine)');
    const hits = records.filter((r) => r.step !== undefined && (r.data_time !== undefined || r.memory !== undefined)).length;
    if (hits === 0) return noMatch("no line with `step` and `data_time`/`memory`");
    return { confidence: /scalars\.json$/.test(files[0].path) ? 0.95 : 0.8 };
  },
  async *parse(files) {
    const res = yield* parseJsonlRun(mainFile(files), mmenginePlacer());
    const text = await configText(files.slice(1));
    return { config: text ? mmConfigFromText(text) : {}, keys: { x: "step" }, warnings: res.warnings };
  },
};
