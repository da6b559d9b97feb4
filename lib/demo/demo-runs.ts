import fs from "node:fs";
import path from "node:path";
import type { MetricBatch } from "@/lib/schemas/metrics";

/**
 * The example runs: real PyTorch training runs of a small segmentation network shipped in
 * fixtures/realtrain (meta.json + one JSONL log per run), as the runs, configs and metric batches
 * the API takes. The demo loader writes them into the "demo" project; the e2e factories log them
 * into a test's own project through the HTTP API.
 */

const FIXTURES = path.join(/* turbopackIgnore: true */ process.cwd(), "fixtures", "realtrain");
/** The runs start an hour apart from this date, as if logged one after another. */
const FIRST_START = Date.UTC(2026, 10, 1) / 1000;

export interface DemoRun {
  name: string;
  /** Makes loading idempotent: creating the run again finds it. */
  externalId: string;
  tags: string[];
  config: Record<string, unknown>;
  startedAt: Date;
  /** Every logged point as one columns batch (read on demand: only new runs need it). */
  batch: () => MetricBatch;
}

interface MetaEntry {
  optimizer: string;
  lr: number;
  schedule: string;
  epochs: number;
  seed: number;
  iters_per_epoch: number;
  total_iters: number;
  [k: string]: unknown;
}

const SCHEDULE_PARAM_KEYS = [
  "step_size",
  "gamma",
  "milestones",
  "power",
  "factor",
  "patience",
  "threshold",
  "threshold_mode",
  "cooldown",
  "warmup_iters",
  "T_0",
  "T_mult",
  "max_lr",
];

/** Every example run (or those named), in meta.json's order. */
export function demoRuns(names?: readonly string[]): DemoRun[] {
  const meta = JSON.parse(fs.readFileSync(path.join(FIXTURES, "meta.json"), "utf8")) as Record<string, MetaEntry>;
  return Object.entries(meta).flatMap(([name, m], i) => {
    if (names && !names.includes(name)) return [];
    const startedAt = FIRST_START + i * 3600;
    return [
      {
        name,
        externalId: `demo:${name}`,
        tags: demoTags(name, m),
        config: demoConfig(m),
        startedAt: new Date(startedAt * 1000),
        batch: () => fixtureBatch(path.join(FIXTURES, `${name}.jsonl`), startedAt),
      },
    ];
  });
}

function demoConfig(m: MetaEntry): Record<string, unknown> {
  const scheduleParams = Object.fromEntries(SCHEDULE_PARAM_KEYS.filter((k) => k in m).map((k) => [k, m[k]]));
  return {
    optimizer: m.optimizer,
    lr: m.lr,
    schedule: m.schedule,
    ...(Object.keys(scheduleParams).length ? { schedule_params: scheduleParams } : {}),
    ...("momentum" in m ? { momentum: m.momentum } : {}),
    ...("weight_decay" in m ? { weight_decay: m.weight_decay } : {}),
    ...("warmup_iters" in m ? { warmup_steps: m.warmup_iters } : {}),
    batch_size: 16,
    epochs: m.epochs,
    max_steps: m.total_iters,
    seed: m.seed,
    model: "tiny-unet",
    dataset: "synthetic-shapes-40px",
  };
}

function demoTags(name: string, m: MetaEntry): string[] {
  const tags = [m.optimizer.toLowerCase(), String(m.schedule)];
  if (/-s\d$/.test(name)) tags.push("seeds");
  return tags;
}

/** One fixture (train lines per iteration, val lines per epoch) as a single columns batch. */
function fixtureBatch(file: string, startedAt: number): MetricBatch {
  const byStep = new Map<number, { epoch: number; time: number; values: Record<string, number> }>();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const rec = JSON.parse(line) as Record<string, unknown>;
    const step = rec.step as number;
    const entry = byStep.get(step) ?? byStep.set(step, { epoch: rec.epoch as number, time: startedAt + (rec.time as number), values: {} }).get(step)!;
    // A val line shares its step with the next epoch's first train line: the train line's epoch wins.
    if (rec.type === "train") entry.epoch = rec.epoch as number;
    const keys = rec.type === "val" ? ["mIoU", "val_loss", "aAcc"] : ["lr", "loss"];
    for (const k of keys) if (k in rec && rec[k] !== null) entry.values[k] = toNumber(rec[k]);
  }
  const steps = [...byStep.keys()].sort((a, b) => a - b);
  const keys = ["lr", "loss", "mIoU", "val_loss", "aAcc"];
  return {
    step: steps,
    epoch: steps.map((s) => byStep.get(s)!.epoch),
    time: steps.map((s) => byStep.get(s)!.time),
    values: Object.fromEntries(keys.map((k) => [k, steps.map((s) => byStep.get(s)!.values[k] ?? null)])),
  };
}

function toNumber(v: unknown): number {
  if (typeof v === "number") return v;
  return v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : Number(v);
}
