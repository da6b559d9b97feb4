import { flattenObject, isPlainObject } from "../text/json";

/** Anneal's config keys and the names frameworks give them (matched on the last path segment). */
const ALIASES: Record<string, readonly string[]> = {
  optimizer: ["optimizer", "optim", "optimizer_name", "optimizer_type", "opt"],
  lr: ["lr", "learning_rate", "lr0", "base_lr", "initial_lr"],
  momentum: ["momentum"],
  weight_decay: ["weight_decay", "wd"],
  batch_size: ["batch_size", "per_device_train_batch_size", "train_batch_size", "batch", "samples_per_gpu", "ims_per_batch"],
  epochs: ["epochs", "num_train_epochs", "max_epochs", "num_epochs", "n_epochs"],
  max_steps: ["max_steps", "max_iters", "max_iter", "total_steps", "num_steps"],
  schedule: ["lr_scheduler_type", "lr_scheduler_name", "scheduler", "lr_scheduler", "schedule", "lr_schedule", "policy"],
  warmup_steps: ["warmup_steps", "warmup_iters"],
  warmup_ratio: ["warmup_ratio"],
  seed: ["seed"],
  model: ["model", "model_name", "model_name_or_path", "arch", "architecture", "model_type"],
  backbone: ["backbone"],
  dataset: ["dataset", "dataset_name", "data", "dataset_type"],
  pretrained: ["pretrained"],
};

/** Counts where a negative or zero value means "not set" (HF's max_steps = -1). */
const POSITIVE = new Set(["batch_size", "epochs", "max_steps", "warmup_steps", "warmup_ratio", "lr"]);

const SCHEDULES: [RegExp, string][] = [
  [/warmrestart|restarts/i, "cosine_restarts"],
  [/onecycle|1cycle/i, "onecycle"],
  [/cos/i, "cosine"],
  [/poly/i, "poly"],
  [/multistep/i, "multistep"],
  [/^(step|steplr)$/i, "step"],
  [/exp/i, "exponential"],
  [/plateau/i, "plateau"],
  [/inverse_sqrt/i, "inverse_sqrt"],
  [/^(linear|linearlr)$/i, "linear"],
  [/constant|^fixed$/i, "constant"],
];

const OPTIMIZERS: [RegExp, string][] = [
  [/^adamw/i, "AdamW"],
  [/^adam(_|$)/i, "Adam"],
  [/^sgd/i, "SGD"],
  [/^adagrad/i, "Adagrad"],
  [/^rmsprop/i, "RMSprop"],
  [/^adafactor/i, "Adafactor"],
  [/^lion/i, "Lion"],
  [/^lamb/i, "LAMB"],
];

export function normalizeSchedule(name: string): string {
  for (const [re, v] of SCHEDULES) if (re.test(name)) return v;
  return name;
}

export function normalizeOptimizer(name: string): string {
  for (const [re, v] of OPTIMIZERS) if (re.test(name)) return v;
  return name;
}

/** Keys that may be given as an object, and the fields naming it there. */
const NAMED_BY = new Set(["optimizer", "schedule"]);
const NAME_FIELDS = ["name", "type", "class_path"];

function parentSegment(path: string): string {
  const parts = path.toLowerCase().split("/");
  return parts.length > 1 ? parts[parts.length - 2] : "";
}

function lastDotted(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/**
 * Maps a framework's hyperparameters onto Anneal's config keys (matched on the last path segment,
 * shallowest first); only scalars are taken. Returns the mapped keys only.
 */
export function mapConfig(original: Record<string, unknown>): Record<string, unknown> {
  const flat = flattenObject(original);
  const entries = Object.keys(flat).map((path) => ({ path, depth: path.split("/").length, leaf: path.slice(path.lastIndexOf("/") + 1).toLowerCase() }));
  const out: Record<string, unknown> = {};
  for (const [key, names] of Object.entries(ALIASES)) {
    const usable = (path: string) => {
      const v = flat[path];
      if (!isScalar(v)) return false;
      if (POSITIVE.has(key)) return typeof v === "number" && v > 0;
      if (key === "seed") return typeof v === "number" && v >= 0; // -1: "random seed"
      return true;
    };
    // Shallowest first; at equal depth, the alias listed first. An optimizer or scheduler given as an
    // object ({"optimizer": {"name": "AdamW"}}, flattened "optimizer/name" by Lightning's loggers) is named by its name/type field.
    const named = (e: (typeof entries)[number]) => NAMED_BY.has(key) && NAME_FIELDS.includes(e.leaf) && names.includes(parentSegment(e.path));
    const hit = entries
      .filter((e) => (names.includes(e.leaf) || named(e)) && usable(e.path))
      .sort((a, b) => a.depth - b.depth || names.indexOf(a.leaf) - names.indexOf(b.leaf))[0];
    if (hit) out[key] = flat[hit.path];
  }
  // "torch.optim.AdamW" (a class path) is named by its last part.
  if (typeof out.schedule === "string") out.schedule = normalizeSchedule(lastDotted(out.schedule));
  if (typeof out.optimizer === "string") out.optimizer = normalizeOptimizer(lastDotted(out.optimizer));
  return out;
}

/** Whether hyperparameters are Ultralytics' (its args carry lr0 and the final-LR fraction lrf). */
export function isUltralyticsConfig(args: Record<string, unknown>): boolean {
  return "lr0" in args && "lrf" in args;
}

/** Ultralytics' args onto Anneal keys: lr0 is the lr, cos_lr picks cosine over the default linear decay to lr0·lrf. */
export function mapUltralyticsConfig(args: Record<string, unknown>): Record<string, unknown> {
  const mapped = mapConfig(args);
  mapped.schedule = args.cos_lr === true ? "cosine" : "linear";
  if (typeof args.lrf === "number") mapped.schedule_params = { lrf: args.lrf };
  if (typeof args.warmup_epochs === "number") mapped.warmup_epochs = args.warmup_epochs;
  return mapped;
}

/** Mapped keys first, the source's own values kept under `original.<source>`. */
export function withOriginal(mapped: Record<string, unknown>, sources: Record<string, unknown>): Record<string, unknown> {
  const original: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(sources)) if (v !== undefined && (!isPlainObject(v) || Object.keys(v).length > 0)) original[k] = v;
  return Object.keys(original).length > 0 ? { ...mapped, original } : mapped;
}
