// `npm run bench:read` (after `npm run build`; real PostgreSQL): read costs as a client sees them
// (HTTP + JSON parsed), medians of 15 reads after a warm-up, with the machine's load average —
//  - the downsampled series (2,000 points) of a run with 4 keys × 1,000,000 and × 10,000,000 steps,
//    and a zoomed 50,000-step window of each;
//  - the runs table of a project with 10,000 runs.
// Data is written straight through the chunk store (ingest speed is bench:ingest's job).
// BENCH_SIZES (default 1000000,10000000) picks the run lengths, the ratio is last / first; BENCH_REPS
// the reads per median; BENCH_PORT the server's port.
import { openDatabase, type Database } from "@/lib/db/client";
import { splitCommaList } from "@/lib/comma-list";
import { writeSeries } from "@/lib/server/metrics/chunk-store";
import { recomputeStats } from "@/lib/server/metrics/metric-stats";
import { benchPort, fmt, freshPgDatabase, loadAverage, medianMs, startServer } from "./bench/server";

const KEYS = ["lr", "loss", "mIoU", "grad_norm"];
const BATCH = 100_000;
const REPS = Number(process.env.BENCH_REPS ?? 15);
const SIZES = splitCommaList(process.env.BENCH_SIZES ?? "1000000,10000000").map(Number);

async function seedRun(db: Database, id: string, steps: number) {
  await db.prisma.run.create({ data: { id, name: id, project: { connectOrCreate: { where: { slug: "bench" }, create: { slug: "bench", name: "bench" } } } } });
  for (let lo = 0; lo < steps; lo += BATCH) {
    const s = Float64Array.from({ length: Math.min(BATCH, steps - lo) }, (_, i) => lo + i);
    const series = new Map(
      KEYS.map((k, j) => [
        k,
        { steps: s, values: s.map((x) => (x === 777_777 ? NaN : x === 4_242_424 ? 1e6 : Math.exp(-x / 3e6) * (1 + 0.1 * Math.sin(x + j)))) },
      ]),
    );
    await db.sql.transaction((tx) => writeSeries(tx, id, series));
  }
  const stats = await recomputeStats(db.sql, id, KEYS);
  await db.sql.query(`UPDATE runs SET metric_stats = $2::jsonb, last_step = $3 WHERE id = $1`, [id, JSON.stringify(stats), steps - 1]);
}

/** A GET as a client makes it: the answer read and parsed; the server's own time from Server-Timing. */
async function getJson(url: string): Promise<{ json: unknown; serverMs: number }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  const json: unknown = await res.json();
  return { json, serverMs: Number(/dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1]) };
}

const pg = await freshPgDatabase("read");
const db = await openDatabase({ databaseUrl: pg.url });
try {
  for (const steps of SIZES) {
    const t = performance.now();
    await seedRun(db, `r${steps}`, steps);
    console.log(`seeded ${KEYS.length} keys × ${fmt(steps)} steps in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  // 10,000 runs in one project, with configs and a main metric.
  const project = await db.prisma.project.create({ data: { slug: "table", name: "table" } });
  const optimizers = ["AdamW", "SGD", "Adam", "Adagrad"];
  for (let i = 0; i < 10_000; i += 1000) {
    const ids = Array.from({ length: 1000 }, (_, k) => `t${i + k}`);
    await db.sql.query(
      `INSERT INTO runs (id, project_id, name, status, config, tags, metric_stats, last_step, started_at, last_activity_at)
       SELECT id, $2, 'run-' || id, CASE WHEN random() < 0.1 THEN 'running' ELSE 'finished' END,
              jsonb_build_object('optimizer', ($3::text[])[1 + (random() * 3)::int], 'lr', 10 ^ (-5 + random() * 3), 'batch_size', 16),
              ARRAY['sweep', 'seed' || (random() * 3)::int],
              jsonb_build_object('mIoU', jsonb_build_object('max', random(), 'maxStep', 1000, 'count', 100)),
              (random() * 100000)::bigint, now() - random() * interval '90 days', now()
         FROM unnest($1::text[]) AS id`,
      [ids, project.id, optimizers],
    );
  }
  await db.sql.exec("ANALYZE");

  const server = await startServer({ port: benchPort(3304), databaseUrl: pg.url });
  try {
    const results: Record<number, number> = {};
    for (const steps of SIZES) {
      const url = `${server.url}/api/v1/runs/r${steps}/metrics?maxPoints=2000`;
      const serverMs: number[] = [];
      let check: unknown;
      results[steps] = await medianMs(async () => {
        const r = await getJson(url);
        check = r.json;
        serverMs.push(r.serverMs);
      }, REPS);
      const loss = (check as { series: Record<string, { x: number[]; y: unknown[]; max: (number | null)[] }> }).series.loss;
      const spike = steps > 4_242_424 ? Math.max(...loss.max.map((v) => v ?? -Infinity)) === 1e6 : true;
      serverMs.sort((a, b) => a - b);
      console.log(
        `  ${fmt(steps)} steps, downsampled read (2,000 points × ${KEYS.length} keys): ${results[steps].toFixed(1)} ms median as a client sees it (HTTP + JSON), server ${serverMs[serverMs.length >> 1].toFixed(1)} ms; NaN visible: ${steps > 777_777 ? loss.y.includes("NaN") : "n/a"}, spike visible: ${spike}, points: ${loss.x.length}`,
      );
      const zoom = await medianMs(() => getJson(`${url}&from=${steps / 2}&to=${steps / 2 + 50_000}`), REPS);
      console.log(`  ${fmt(steps)} steps, zoomed read (50,000-step window): ${zoom.toFixed(1)} ms median`);
    }
    const [short, long] = [SIZES[0], SIZES[SIZES.length - 1]];
    console.log(
      `read as a client sees it: ${fmt(short)} steps ${results[short].toFixed(1)} ms (target ≤ 50), ${fmt(long)} steps ${results[long].toFixed(1)} ms = ${(results[long] / results[short]).toFixed(2)}× (target ≤ 1.5×); load average ${loadAverage()}`,
    );
    for (const qs of ["", "sort=best", "sort=config.lr&order=asc", "status=running&sort=name", "q=run-t99&sort=lastStep", "tag=seed1&sort=duration"]) {
      const ms = await medianMs(() => getJson(`${server.url}/api/v1/runs?project=table&${qs}`), REPS);
      console.log(`runs table, 10,000 runs, ${qs || "default sort"}: ${ms.toFixed(1)} ms median (target ≤ 200)`);
    }
    const deep = `${server.url}/api/v1/runs?project=table&sort=best&cursor=${Buffer.from("o:9950").toString("base64url")}`;
    console.log(`runs table, last page (offset 9,950): ${(await medianMs(() => getJson(deep), REPS)).toFixed(1)} ms median; load average ${loadAverage()}`);
  } finally {
    await server.stop();
  }
} finally {
  await db.close();
  await pg.drop();
}
