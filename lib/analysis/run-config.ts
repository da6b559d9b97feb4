import type { PlateauReplayParams, RunConfig } from "./types";

/** Reads the keys with meaning from a run's config, flat (`lr`) or MMSeg-style nested (`optimizer.lr`). */

export interface ConfigFacts {
  optimizer: string | null;
  lr: number | null;
  momentum: number | null;
  weightDecay: number | null;
  batchSize: number | null;
  schedule: string | null;
  pretrained: boolean;
  dataset: string | null;
  numClasses: number | null;
}

function pick(config: RunConfig, paths: string[]): unknown {
  for (const path of paths) {
    let v: unknown = config;
    for (const part of path.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}

const asNum = (v: unknown): number | null => {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : null;
};
const asStr = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function readConfig(config: RunConfig | undefined): ConfigFacts {
  const c = config ?? {};
  const opt = pick(c, ["optimizer", "optim", "opt"]);
  const optimizer = asStr(opt) ?? asStr(pick(c, ["optimizer.type", "optimizer.name", "optim.type"]));
  const sched = pick(c, ["schedule", "scheduler", "lr_scheduler", "lr_schedule", "param_scheduler.type", "lr_config.policy"]);
  const pre = pick(c, ["pretrained", "fine_tune", "finetune", "load_from", "model.pretrained", "backbone.pretrained"]);
  const dataset = pick(c, ["dataset", "dataset.name", "dataset_type", "data.name"]);
  return {
    optimizer,
    lr: asNum(pick(c, ["lr", "learning_rate", "optimizer.lr", "optim.lr", "base_lr"])),
    momentum: asNum(pick(c, ["momentum", "optimizer.momentum"])),
    weightDecay: asNum(pick(c, ["weight_decay", "wd", "optimizer.weight_decay"])),
    batchSize: asNum(pick(c, ["batch_size", "batch", "train_batch_size", "data.batch_size"])),
    schedule: asStr(sched) ?? asStr(pick(c, ["schedule.type", "scheduler.type", "lr_scheduler.type"])),
    pretrained: pre === true || (typeof pre === "string" && pre !== "" && pre !== "false"),
    dataset: asStr(dataset) ?? asStr(pick(c, ["dataset.type"])),
    numClasses: asNum(pick(c, ["num_classes", "model.num_classes", "decode_head.num_classes"])),
  };
}

/** Optimizer families the advisor knows. */
export function optimizerFamily(name: string | null): "adamw" | "adam" | "sgd" | "adagrad" | "rmsprop" | "lamb" | null {
  if (!name) return null;
  const n = name.toLowerCase();
  if (n.includes("adamw")) return "adamw";
  if (n.includes("lamb")) return "lamb";
  if (n.includes("adagrad")) return "adagrad";
  if (n.includes("rmsprop")) return "rmsprop";
  if (n.includes("adam")) return "adam";
  if (n.includes("sgd") || n.includes("momentum")) return "sgd";
  return null;
}

/**
 * Whether the run was logged by Keras (`framework: "keras"` in its config, as the Keras importers
 * set it): plateau readings then speak Keras's ReduceLROnPlateau (lib/analysis/staircase-reading.ts).
 */
export function isKerasRun(config: RunConfig | undefined): boolean {
  return /^(tf\.)?keras$/i.test(asStr(config?.framework) ?? "");
}

/** Where configs keep a ReduceLROnPlateau's arguments (Anneal's demo and import mapping, PyTorch/Keras-style dumps). */
const PLATEAU_PARAM_HOMES = ["schedule_params", "scheduler", "lr_scheduler", "scheduler_params", "lr_scheduler_kwargs", "reduce_lr_on_plateau", "plateau"];

/**
 * The run's own ReduceLROnPlateau parameters from its config (PyTorch names, Keras's `min_delta` and
 * `min_lr` too), for the what-if replay to start from. Only where the config is about a plateau
 * scheduler: its schedule says so, or the parameters include `patience` (no other scheduler has one).
 */
export function configuredPlateauParams(config: RunConfig | undefined): Partial<PlateauReplayParams> {
  const c = config ?? {};
  const home = PLATEAU_PARAM_HOMES.map((k) => c[k]).find((v): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v));
  if (!home) return {};
  const schedule = readConfig(c).schedule ?? (typeof home.type === "string" ? home.type : "");
  if (!/plateau/i.test(schedule) && home.patience === undefined) return {};
  const out: Partial<PlateauReplayParams> = {};
  const num = (...keys: string[]) => keys.map((k) => asNum(home[k])).find((v) => v !== null) ?? null;
  const factor = num("factor");
  if (factor !== null && factor > 0 && factor < 1) out.factor = factor;
  // The replay counts as PyTorch does: Keras's patience k and cooldown c are PyTorch's k − 1 and c − 1
  // (it cuts once `wait >= patience`, and its last cooldown evaluation already counts).
  const keras = isKerasRun(c) ? 1 : 0;
  const patience = num("patience");
  if (patience !== null && Number.isInteger(patience) && patience >= 0) out.patience = Math.max(patience - keras, 0);
  const cooldown = num("cooldown");
  if (cooldown !== null && Number.isInteger(cooldown) && cooldown >= 0) out.cooldown = Math.max(cooldown - keras, 0);
  const threshold = num("threshold", "min_delta");
  if (threshold !== null && threshold >= 0) out.threshold = threshold;
  // Keras's min_delta is an absolute margin.
  const mode = asStr(home.threshold_mode) ?? (home.min_delta !== undefined && home.threshold === undefined ? "abs" : null);
  if (mode === "rel" || mode === "abs") out.thresholdMode = mode;
  const minLr = num("min_lr", "minLr");
  if (minLr !== null && minLr >= 0) out.minLr = minLr;
  const eps = num("eps");
  if (eps !== null && eps >= 0) out.eps = eps;
  return out;
}
