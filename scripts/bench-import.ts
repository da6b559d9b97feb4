/**
 * Import benchmark: writes a ~500 MB CSV and a ~500 MB JSONL log to the temp folder, stream-parses
 * each through the importers, prints MB/s and peak RSS growth (targets: ≥ 50 MB/s, ≤ 256 MB),
 * then imports each end to end into a fresh PostgreSQL database (BENCH_DATABASE_URL), then deletes them. Run: npm run bench:import -- [sizeMB]
 */
import { createReadStream, createWriteStream, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFiles } from "../lib/importers";
import { openDatabase } from "../lib/db/client";
import { Auth } from "../lib/server/auth/auth";
import { importRuns } from "../lib/server/import/import-runs";
import { ZImportFields } from "../lib/schemas/import";
import { freshPgDatabase } from "./bench/server";

const TARGET_MB = Number(process.argv[2] ?? 500);
const MB = 1024 * 1024;

async function writeLog(path: string, header: string, line: (step: number) => string): Promise<number> {
  const out = createWriteStream(path);
  if (header) out.write(header);
  let size = header.length;
  let step = 0;
  while (size < TARGET_MB * MB) {
    let chunk = "";
    for (let i = 0; i < 2000; i++, step++) chunk += line(step);
    size += chunk.length;
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return step;
}

/** Runs `work`, timing it in wall and CPU seconds (on a shared machine wall time also measures the neighbours) and sampling peak RSS. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; secs: number; cpuSecs: number; rssGrowthMb: number }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const result = await work();
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, secs: (performance.now() - t0) / 1000, cpuSecs: (cpu.user + cpu.system) / 1e6, rssGrowthMb: (peak - base) / MB };
  } finally {
    clearInterval(timer);
  }
}

async function bench(label: string, path: string): Promise<void> {
  const { result, secs, cpuSecs, rssGrowthMb } = await measured(async () => {
    const plan = await importFiles([{ path, open: () => createReadStream(path, { highWaterMark: MB }) }]);
    const it = plan.runs[0].read();
    let rows = 0;
    for (let r = await it.next(); !r.done; r = await it.next()) rows += r.value.step.length;
    return { rows, format: plan.runs[0].format };
  });
  const mb = statSync(path).size / MB;
  console.log(
    `${label.padEnd(6)} ${result.format.padEnd(14)} ${mb.toFixed(0)} MB, ${result.rows} steps, ` +
      `${secs.toFixed(1)} s → ${(mb / secs).toFixed(0)} MB/s (${(mb / cpuSecs).toFixed(0)} MB per CPU-second), ` +
      `peak RSS growth ${rssGrowthMb.toFixed(0)} MB`,
  );
}

/** The whole import on real PostgreSQL: parse, chunk, write in one transaction (what POST /import does after the upload). */
async function benchDbImport(label: string, path: string): Promise<void> {
  const pg = await freshPgDatabase("import");
  const db = await openDatabase({ databaseUrl: pg.url });
  try {
    const upload = { fields: {}, files: [{ path, open: () => createReadStream(path, { highWaterMark: MB }) }], cleanup: () => {} };
    const { result, secs, cpuSecs, rssGrowthMb } = await measured(() =>
      importRuns(db, { upload, fields: ZImportFields.parse({ project: "bench" }), auth: Auth.operator() }),
    );
    const mb = statSync(path).size / MB;
    const points = result.runs.reduce((n, run) => n + run.points, 0);
    console.log(
      `${label.padEnd(6)} into PostgreSQL: ${mb.toFixed(0)} MB, ${points.toLocaleString("en-US")} values in ${secs.toFixed(1)} s → ` +
        `${(mb / secs).toFixed(0)} MB/s (${(mb / cpuSecs).toFixed(0)} MB per CPU-second of this process), peak RSS growth ${rssGrowthMb.toFixed(0)} MB`,
    );
  } finally {
    await db.close();
    await pg.drop();
  }
}

async function main(): Promise<void> {
  const dir = tmpdir();
  const csv = join(dir, `anneal-bench-${process.pid}.csv`);
  const jsonl = join(dir, `anneal-bench-${process.pid}.jsonl`);
  try {
    const metric = (s: number, k: number) => (Math.exp(-s / 1e6) * (1 + k / 10) + ((s * 7919) % 1000) / 1e5).toPrecision(8);
    await writeLog(
      csv,
      "step,epoch,lr,loss,acc,val_loss,val_mIoU,grad_norm\n",
      (s) =>
        `${s},${Math.floor(s / 5000)},${(0.01 * Math.cos(s / 1e6)).toPrecision(8)},${metric(s, 1)},${metric(s, 2)},${s % 500 === 0 ? metric(s, 3) : ""},${s % 500 === 0 ? metric(s, 4) : ""},${metric(s, 5)}\n`,
    );
    await writeLog(
      jsonl,
      "",
      (s) =>
        `{"step": ${s}, "epoch": ${Math.floor(s / 5000)}, "lr": ${(0.01 * Math.cos(s / 1e6)).toPrecision(8)}, "loss": ${metric(s, 1)}, "acc": ${metric(s, 2)}, "grad_norm": ${metric(s, 5)}, "type": "train"}\n`,
    );
    await bench("CSV", csv);
    await bench("JSONL", jsonl);
    await benchDbImport("CSV", csv);
    await benchDbImport("JSONL", jsonl);
  } finally {
    rmSync(csv, { force: true });
    rmSync(jsonl, { force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
