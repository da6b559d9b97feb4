import type { RunConfig } from "./types";

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
