import fs from "node:fs";
import path from "node:path";
import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/api/auth";
import type { MetricBatch } from "@/lib/schemas/metrics";
import { batchToSeries } from "@/lib/server/metrics/batch-series";
import { writeRunSeries } from "@/lib/server/metrics/ingest-metrics";
import { ensureProject } from "@/lib/server/projects/ensure-project";
import { actorOf } from "@/lib/server/review/actor";
import { generateRunId } from "@/lib/server/runs/run-names";

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

/** Serialises demo loads (any constant; the same in every Anneal process sharing a database). */
const DEMO_LOCK_KEY = 0x64656d6f;

/**
 * Loads the real PyTorch training runs shipped in fixtures/realtrain into the "demo" project, all
 * in one transaction: a load that fails (or a server killed mid-load) leaves no half-written run
 * behind, and two loads at once (two clicks, two instances) are serialised by an advisory lock,
 * the second finding every run there. Idempotent: each run's externalId is its fixture name.
 */
export async function loadDemo(db: Database, opts: { auth: Auth; project?: string }) {
  const slug = opts.project ?? DEMO_PROJECT;
  const meta = JSON.parse(fs.readFileSync(path.join(FIXTURES, "meta.json"), "utf8")) as Record<string, MetaEntry>;
  const existing = await db.prisma.project.findUnique({ where: { slug }, select: { id: true } });
  opts.auth.require(existing?.id ?? null, "write");
  const base = Date.UTC(2026, 10, 1) / 1000;
  const created = await db.sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [DEMO_LOCK_KEY]);
    const project = await ensureProject(tx, slug);
    const present = new Set(
      (await tx.query<{ external_id: string }>(`SELECT external_id FROM runs WHERE project_id = $1 AND external_id IS NOT NULL`, [project.id])).map(
        (r) => r.external_id,
      ),
    );
    let n = 0;
    for (const [i, [name, m]] of Object.entries(meta).entries()) {
      if (present.has(`demo:${name}`)) continue;
      const startedAt = base + i * 3600;
      const batch = fixtureBatch(path.join(FIXTURES, `${name}.jsonl`), startedAt);
      const ended = new Date(Math.max(...batch.time!.map((t) => t ?? startedAt)) * 1000);
      const id = generateRunId();
      await tx.query(
        `INSERT INTO runs (id, project_id, name, status, config, tags, external_id, started_at, ended_at, last_activity_at)
         VALUES ($1, $2, $3, 'finished', $4::jsonb, $5::text[], $6, $7, $8, $8)`,
        [id, project.id, name, JSON.stringify(demoConfig(m)), demoTags(name, m), `demo:${name}`, new Date(startedAt * 1000), ended],
      );
      await writeRunSeries(tx, { id, projectId: project.id }, batchToSeries(batch), actorOf(opts.auth));
      // writeRunSeries marks the run active now; a finished demo run was last active when it ended.
      await tx.query(`UPDATE runs SET last_activity_at = ended_at WHERE id = $1`, [id]);
      n++;
    }
    return n;
  });
  return { project: slug, runs: Object.keys(meta).length, created };
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
