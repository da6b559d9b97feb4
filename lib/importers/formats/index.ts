import type { ImportFormat } from "../types";
import { detectron2 } from "./detectron2";
import { genericCsv } from "./generic-csv";
import { genericJsonl } from "./generic-jsonl";
import { hfTrainerState } from "./hf-trainer-state";
import { jsonHistory } from "./json-history";
import { kerasCsv } from "./keras-csv";
import { lightningCsv } from "./lightning-csv";
import { mlflow } from "./mlflow";
import { mmcvLogJson } from "./mmcv-log-json";
import { mmengineScalars } from "./mmengine-scalars";
import { tensorboard } from "./tensorboard";
import { torchLrFinder } from "./torch-lr-finder";
import { ultralytics } from "./ultralytics";
import { wandbCsv } from "./wandb-csv";

/** Every format, specific ones first; generic CSV/JSONL are the fallbacks. */
export const FORMATS: readonly ImportFormat[] = [
  hfTrainerState,
  mmcvLogJson,
  mmengineScalars,
  ultralytics,
  lightningCsv,
  kerasCsv,
  detectron2,
  tensorboard,
  mlflow,
  torchLrFinder,
  jsonHistory,
  wandbCsv,
  genericCsv,
  genericJsonl,
];

export function formatById(id: string): ImportFormat | undefined {
  return FORMATS.find((f) => f.id === id);
}
