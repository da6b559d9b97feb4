import { isPlainObject } from "../text/json";
import { normalizeOptimizer, normalizeSchedule } from "./map-config";
import { parsePythonAssignments } from "./python-literal";

type Dict = Record<string, unknown>;
const dict = (v: unknown): Dict | undefined => (isPlainObject(v) ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** The assignments of a config dump that describe optimisation, kept as the original values. */
const KEPT = ["optimizer", "optim_wrapper", "lr_config", "param_scheduler", "runner", "train_cfg", "randomness", "seed", "dataset_type"];

/** Schedulers that, first in a `param_scheduler` list, are a warmup rather than the schedule. */
const WARMUP_TYPES = /^(LinearLR|ConstantLR|QuadraticWarmupLR|LinearWarmup)/;

/**
 * Anneal config from an MMCV 1.x / MMEngine config dump: optimizer and its lr, momentum and
 * weight decay; `lr_config` or `param_scheduler` as schedule and warmup; iterations, epochs,
 * batch size, model, backbone, dataset and seed.
 */
export function mmConfigFromText(text: string): Dict {
  const a = parsePythonAssignments(text);
  const out: Dict = {};
  const opt = dict(a.optimizer) ?? dict(dict(a.optim_wrapper)?.optimizer);
  if (opt) {
    if (typeof opt.type === "string") out.optimizer = normalizeOptimizer(opt.type);
    for (const k of ["lr", "momentum", "weight_decay"]) if (num(opt[k]) !== undefined) out[k] = opt[k];
  }
  const lrConfig = dict(a.lr_config);
  if (lrConfig) {
    if (typeof lrConfig.policy === "string") out.schedule = normalizeSchedule(lrConfig.policy);
    const { policy: _p, warmup, warmup_iters, warmup_ratio, ...params } = lrConfig;
    out.schedule_params = params;
    if (typeof warmup === "string" && num(warmup_iters) !== undefined) {
      out.warmup_steps = warmup_iters;
      out.warmup = { type: warmup, steps: warmup_iters, startFactor: warmup_ratio };
    }
  }
  const schedulers = (Array.isArray(a.param_scheduler) ? a.param_scheduler : [a.param_scheduler]).map(dict).filter((d): d is Dict => !!d);
  if (schedulers.length > 0) {
    const [firstSched] = schedulers;
    const main = schedulers[schedulers.length - 1];
    if (schedulers.length > 1 && typeof firstSched.type === "string" && WARMUP_TYPES.test(firstSched.type)) {
      const steps = (num(firstSched.end) ?? 0) - (num(firstSched.begin) ?? 0);
      if (steps > 0 && firstSched.by_epoch !== true) out.warmup_steps = steps;
      out.warmup = { type: /Constant/.test(firstSched.type) ? "constant" : "linear", steps, startFactor: firstSched.start_factor ?? firstSched.factor };
    }
    if (typeof main.type === "string") out.schedule = normalizeSchedule(main.type.replace(/LR$|ParamScheduler$/, ""));
    const { type: _t, ...params } = main;
    out.schedule_params = params;
  }
  const loop = dict(a.runner) ?? dict(a.train_cfg);
  if (num(loop?.max_iters) !== undefined) out.max_steps = loop!.max_iters;
  if (num(loop?.max_epochs) !== undefined) out.epochs = loop!.max_epochs;
  const batch = num(dict(a.data)?.samples_per_gpu) ?? num(dict(a.train_dataloader)?.batch_size);
  if (batch !== undefined) out.batch_size = batch;
  const model = dict(a.model);
  if (typeof model?.type === "string") out.model = model.type;
  const backbone = dict(model?.backbone);
  if (typeof backbone?.type === "string") out.backbone = backbone.type;
  if (typeof a.dataset_type === "string") out.dataset = a.dataset_type;
  const seed = num(dict(a.randomness)?.seed) ?? num(a.seed);
  if (seed !== undefined) out.seed = seed;
  const kept: Dict = {};
  for (const k of KEPT) if (a[k] !== undefined) kept[k] = a[k];
  return Object.keys(kept).length > 0 ? { ...out, original: { config: kept } } : out;
}
