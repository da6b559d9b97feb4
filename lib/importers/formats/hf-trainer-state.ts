import { mapConfig, withOriginal } from "../config/map-config";
import { BatchBuilder } from "../batch-builder";
import { ImportError } from "../errors";
import { checkStep } from "../steps";
import { isPlainObject } from "../text/json";
import { numberFromJson } from "../text/numbers";
import type { ImportFormat } from "../types";
import { readJsonObject } from "./json-document";
import { findFile, mainFile, noMatch, jsonObjectText } from "./sniff";

type Dict = Record<string, unknown>;

/** log_history's last entry is the run summary, not a point. */
const SUMMARY_MARKER = "train_runtime";

/** Config from training_args.json (or the trainer state's own fields) and the model's config.json. */
function hfConfig(state: Dict, args: Dict | undefined, model: Dict | undefined): Dict {
  const mapped = args ? mapConfig(args) : {};
  const fromState: [string, unknown][] = [
    ["max_steps", state.max_steps],
    ["epochs", state.num_train_epochs],
    ["batch_size", state.train_batch_size],
  ];
  for (const [k, v] of fromState) if (mapped[k] === undefined && typeof v === "number" && v > 0) mapped[k] = v;
  const architectures = model?.architectures;
  const arch: unknown = Array.isArray(architectures) ? architectures[0] : model?.model_type;
  if (typeof arch === "string") mapped.model = arch;
  for (const k of ["best_metric", "best_model_checkpoint"]) if (state[k] !== undefined && state[k] !== null) mapped[k] = state[k];
  const { log_history: _h, ...stateFields } = state;
  return withOriginal(mapped, { trainer_state: stateFields, training_args: args, model_config: model });
}

export const hfTrainerState: ImportFormat = {
  id: "hf-trainer-state",
  title: "Hugging Face Trainer trainer_state.json (+ training_args.json, config.json)",
  detection:
    "A JSON object with a `log_history` array (file usually `trainer_state.json`): entries with `step`, `epoch`, `learning_rate`, `loss`, `eval_*`; `best_metric`, `best_model_checkpoint`. `training_args.bin` is binary and ignored; `training_args.json`/`config.json` next to it add the config.",
  example:
    '{"best_metric": 0.41, "global_step": 1000, "log_history": [{"epoch": 0.5, "learning_rate": 4.9e-05, "loss": 1.2, "step": 50}, {"epoch": 1.0, "eval_loss": 0.9, "eval_mean_iou": 0.41, "step": 100}]}',
  detect(files) {
    const text = jsonObjectText(files);
    if (typeof text !== "string") return text;
    if (!/"log_history"\s*:\s*\[/.test(text)) return noMatch("no `log_history` array in the first bytes");
    return { confidence: 0.95 };
  },
  async *parse(files) {
    const file = mainFile(files);
    const state = await readJsonObject(file);
    const history = state.log_history;
    if (!Array.isArray(history)) throw new ImportError({ file: file.path, expected: "a `log_history` array" });
    const builder = new BatchBuilder();
    const warnings: string[] = [];
    let summary: Dict | undefined;
    for (let i = 0; i < history.length; i++) {
      const entry: unknown = history[i];
      if (!isPlainObject(entry)) throw new ImportError({ file: file.path, record: i, expected: "an object in log_history" });
      if (entry[SUMMARY_MARKER] !== undefined) {
        summary = entry;
        continue;
      }
      const step = numberFromJson(entry.step);
      if (step === undefined) {
        warnings.push(`${file.path}: log_history[${i}] has no step, skipped`);
        continue;
      }
      const row = builder.row(checkStep(step, `${file.path} log_history[${i}]`, undefined));
      const epoch = numberFromJson(entry.epoch);
      if (epoch !== undefined) builder.setEpoch(row, epoch);
      for (const k in entry) {
        if (k === "step" || k === "epoch") continue;
        const v = numberFromJson(entry[k]);
        if (v !== undefined) builder.set(row, k, v);
      }
      if (builder.full) yield builder.take()!;
    }
    const last = builder.take();
    if (last) yield last;
    const argsFile = findFile(files.slice(1), /(^|\/)training_args\.json$/);
    const modelFile = findFile(files.slice(1), /(^|\/)config\.json$/);
    const args = argsFile ? await readJsonObject(argsFile) : undefined;
    const model = modelFile ? await readJsonObject(modelFile) : undefined;
    const config = hfConfig(state, args, model);
    if (summary) config.trainer_summary = summary;
    const best = typeof args?.metric_for_best_model === "string" ? args.metric_for_best_model : undefined;
    const mainMetric = best ? (best.startsWith("eval_") ? best : `eval_${best}`) : undefined;
    const name = typeof args?.run_name === "string" ? args.run_name : undefined;
    return { name, config, keys: { x: "step", lr: "learning_rate", mainMetric }, warnings };
  },
};
