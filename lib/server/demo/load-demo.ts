import fs from "node:fs";
import path from "node:path";
import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/api/auth";
import type { MetricBatch } from "@/lib/schemas/metrics";
import { createRun } from "@/lib/server/runs/create-run";
import { ingestMetrics } from "@/lib/server/metrics/ingest-metrics";

export const DEMO_PROJECT = "demo";
const FIXTURES = path.join(/* turbopackIgnore: true */ process.cwd(), "fixtures", "realtrain");

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

/**
 * Loads the real PyTorch training runs shipped in fixtures/realtrain into the "demo" project
 * (idempotent: each run's externalId is its fixture name).
 */
export async function loadDemo(db: Database, opts: { auth: Auth }) {
  const meta = JSON.parse(fs.readFileSync(path.join(FIXTURES, "meta.json"), "utf8")) as Record<string, MetaEntry>;
  const base = Date.UTC(2026, 10, 1) / 1000;
  let created = 0;
  for (const [i, [name, m]] of Object.entries(meta).entries()) {
    const startedAt = base + i * 3600;
    const { run, created: isNew } = await createRun(db, {
      auth: opts.auth,
      input: { project: DEMO_PROJECT, name, externalId: `demo:${name}`, tags: demoTags(name, m), config: demoConfig(m), startedAt: new Date(startedAt * 1000) },
    });
    if (!isNew) continue;
    created++;
    const batch = fixtureBatch(path.join(FIXTURES, `${name}.jsonl`), startedAt);
    await ingestMetrics(db, { runId: run.id, batch, auth: opts.auth });
    const lastTime = Math.max(...batch.time!.map((t) => t ?? startedAt));
    await db.prisma.run.update({
      where: { id: run.id },
      data: { status: "finished", endedAt: new Date(lastTime * 1000), lastActivityAt: new Date(lastTime * 1000) },
    });
  }
  return { project: DEMO_PROJECT, runs: Object.keys(meta).length, created };
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
