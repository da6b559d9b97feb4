// `npm run bench:mlflow` (after `npm run build`): the MLflow API on real PostgreSQL, timed as a
// client sees it (HTTP + JSON). log-batch with 1,000 metrics per request (10 keys × 100 steps, as a
// logger flushing every 100 steps sends them), one client and four concurrent clients; get-history
// of a 20,000-point metric; and Anneal's own downsampled read of 4 keys × 1M steps (2,000 points
// each). Medians of 3 rounds, with the load average (the machine may be shared), and the CPU time
// the server (Node) and its PostgreSQL backends spent per 1,000 values — a figure that holds when
// other processes share the machine. Each client is one run sending its batches one after another
// (one request in flight per run), as MLflow's client does, synchronous or with async logging.
// Every request carries an API key (MLFLOW_TRACKING_TOKEN), as a client of a shared server does.
import http from "node:http";
import os from "node:os";
import { openDatabase } from "@/lib/db/client";
import { writeSeries } from "@/lib/server/metrics/chunk-store";
import { Client } from "pg";
import { keepAlivePost } from "./bench/post";
import { benchPort, fmt, freshPgDatabase, processCpuMs, startServer } from "./bench/server";

const ROUNDS = 3;
const REQUESTS_PER_CLIENT = Number(process.env.BENCH_REQUESTS ?? 200);
const KEYS = 10;
const STEPS_PER_REQUEST = 100;
const T0 = 1_700_000_000_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => os.loadavg()[0].toFixed(2);

/** MLFLOW_TRACKING_TOKEN: a write key of the bench's experiment, set once it exists. */
const auth: { authorization?: string } = {};

async function post<T = Record<string, never>>(url: string, endpoint: string, body: unknown): Promise<T> {
  const r = await fetch(`${url}/api/2.0/mlflow/${endpoint}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${endpoint}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** log-batch's client (scripts/bench/post.ts); BENCH_CLIENT=fetch times with fetch instead. */
const agent = new http.Agent({ keepAlive: true });
async function postBatch(url: string, body: Buffer, status = 200): Promise<unknown> {
  if (process.env.BENCH_CLIENT === "fetch" && status === 200) return post(url, "runs/log-batch", body.toString());
  const res = await keepAlivePost(agent, `${url}/api/2.0/mlflow/runs/log-batch`, body, auth);
  if (res.status !== status) throw new Error(`runs/log-batch: ${res.status} ${res.body}`);
  return JSON.parse(res.body);
}

/** The body of the n-th log-batch: 1,000 metrics, as MLflow's client serialises them. */
function batchBody(runId: string, n: number): string {
  const metrics = [];
  for (let s = 0; s < STEPS_PER_REQUEST; s++) {
    const step = n * STEPS_PER_REQUEST + s;
    for (let k = 0; k < KEYS; k++)
      metrics.push({
        key: k === 0 ? "learning_rate" : `metric_${k}`,
        value: Math.exp(-step / 5e4) + k + Math.random() * 1e-3,
        timestamp: T0 + step * 10,
        step,
      });
  }
  return JSON.stringify({ run_id: runId, metrics });
}

async function newRun(url: string, experimentId: string, name: string): Promise<string> {
  return (await post<{ run: { info: { run_id: string } } }>(url, "runs/create", { experiment_id: experimentId, start_time: T0, run_name: name })).run.info
    .run_id;
}

/** CPU time (ms) so far of the server and of the PostgreSQL backends serving its database. */
type CpuClock = () => Promise<{ node: number; pg: number }>;

/** `clients` runs logged concurrently, each sending REQUESTS_PER_CLIENT batches one after another. */
async function ingest(url: string, experimentId: string, clients: number, label: string, cpu: CpuClock) {
  const runIds = await Promise.all(Array.from({ length: clients }, (_, c) => newRun(url, experimentId, `${label}-${c}`)));
  const bodies = runIds.map((id) => Array.from({ length: REQUESTS_PER_CLIENT }, (_, n) => Buffer.from(batchBody(id, n)))); // prepared up front: time the server
  const latencies: number[] = [];
  const cpu0 = await cpu();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    runIds.map(async (_, c) => {
      for (const body of bodies[c]) {
        const t = performance.now();
        await postBatch(url, body);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const client1 = process.cpuUsage(client0);
  const cpu1 = await cpu();
  const thousands = (clients * REQUESTS_PER_CLIENT * KEYS * STEPS_PER_REQUEST) / 1000;
  return {
    valuesPerSecond: (thousands * 1000) / seconds,
    p50: median(latencies),
    nodeCpu: (cpu1.node - cpu0.node) / thousands,
    pgCpu: (cpu1.pg - cpu0.pg) / thousands,
    clientCpu: (client1.user + client1.system) / 1000 / thousands,
  };
}

async function timeGet(url: string, times: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    const r = await fetch(url, { headers: auth });
    await r.json();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

const pg = await freshPgDatabase("mlflow");
try {
  // BENCH_CPU_PROF=<folder>: the server writes a V8 CPU profile there when it stops (node --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF;
  const server = await startServer({
    port: benchPort(3360),
    databaseUrl: pg.url,
    nodeArgs: profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : undefined,
  });
  const admin = new Client({ connectionString: pg.url });
  await admin.connect();
  const cpu: CpuClock = async () => {
    const rows = (await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows;
    return { node: server.cpuMs(), pg: processCpuMs(rows.map((r) => r.pid)) };
  };
  try {
    const experimentId = (await post<{ experiment_id: string }>(server.url, "experiments/create", { name: "bench" })).experiment_id;
    const keyRes = await fetch(`${server.url}/api/v1/projects/bench/keys`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ scope: "write" }),
    });
    if (!keyRes.ok) throw new Error(`key: ${keyRes.status} ${await keyRes.text()}`);
    auth.authorization = `Bearer ${((await keyRes.json()) as { key: string }).key}`;
    console.log(
      `MLflow API on PostgreSQL, log-batch of ${fmt(KEYS * STEPS_PER_REQUEST)} metrics (${KEYS} keys × ${STEPS_PER_REQUEST} steps), ${REQUESTS_PER_CLIENT} requests per client:`,
    );
    for (const clients of [1, 4]) {
      const rounds = [];
      for (let r = 0; r < ROUNDS; r++) rounds.push({ ...(await ingest(server.url, experimentId, clients, `c${clients}r${r}`, cpu)), load: load() });
      const rates = rounds.map((x) => x.valuesPerSecond);
      console.log(
        `  ${clients} client${clients > 1 ? "s" : " "}: ${fmt(median(rates))} values/s median (rounds: ${rates.map(fmt).join(", ")}), p50 ${median(rounds.map((x) => x.p50)).toFixed(1)} ms per request, CPU per 1,000 values: server ${median(rounds.map((x) => x.nodeCpu)).toFixed(2)} ms + PostgreSQL ${median(rounds.map((x) => x.pgCpu)).toFixed(2)} ms + this client ${median(rounds.map((x) => x.clientCpu)).toFixed(2)} ms, load ${rounds.map((x) => x.load).join("/")}   (target ≥ 355,000; MLflow's server: ~7,100)`,
      );
    }

    // Where a log-batch's CPU goes: a request answered before any database work (Next.js, the route,
    // the cached key, a 2-byte body), the same 1,000-metric body for a run that doesn't exist (+ the
    // body read into columns and series, a transaction finding no run), the real append.
    const partsRun = await newRun(server.url, experimentId, "parts");
    const unknown = Buffer.from(batchBody("no-such-run", 0));
    const parts: [string, number, (n: number) => Buffer][] = [
      ["request with an empty body (400 before any database work)", 400, () => Buffer.from("{}")],
      ["1,000 metrics for an unknown run (404)", 404, () => unknown],
      ["1,000 metrics appended", 200, (n) => Buffer.from(batchBody(partsRun, n))],
    ];
    console.log("  CPU per request, one client (medians of 3 × 100 requests; the first two answers are errors in MLflow's shape):");
    let batch = 0;
    for (const [label, status, body] of parts) {
      const rounds: { node: number; pg: number; client: number }[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const bodies = Array.from({ length: 100 }, () => body(batch++));
        const cpu0 = await cpu();
        const client0 = process.cpuUsage();
        for (const b of bodies) await postBatch(server.url, b, status);
        const client1 = process.cpuUsage(client0);
        const cpu1 = await cpu();
        rounds.push({ node: (cpu1.node - cpu0.node) / 100, pg: (cpu1.pg - cpu0.pg) / 100, client: (client1.user + client1.system) / 1000 / 100 });
      }
      const m = (f: (x: { node: number; pg: number; client: number }) => number) => median(rounds.map(f)).toFixed(2);
      console.log(`    ${label}: server ${m((x) => x.node)} ms, PostgreSQL ${m((x) => x.pg)} ms, client ${m((x) => x.client)} ms, load ${load()}`);
    }

    // BENCH_ONLY=log-batch: the ingest figures alone (A/B runs of the write path).
    if (process.env.BENCH_ONLY !== "log-batch") {
      // get-history of 20,000 points, logged through the API.
      const runId = await newRun(server.url, experimentId, "history");
      for (let n = 0; n < 20; n++) {
        const metrics = Array.from({ length: 1000 }, (_, i) => ({
          key: "loss",
          value: 1 / (1 + n * 1000 + i),
          timestamp: T0 + n * 1000 + i,
          step: n * 1000 + i,
        }));
        await post(server.url, "runs/log-batch", { run_id: runId, metrics });
      }
      const historyUrl = `${server.url}/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=loss`;
      const check = (await (await fetch(historyUrl, { headers: auth })).json()) as { metrics: unknown[] };
      if (check.metrics.length !== 20_000) throw new Error(`get-history returned ${check.metrics.length} points`);
      await timeGet(historyUrl, 5); // warm-up
      // Repeated reads (a chart polled, a finished run read again) are answered from the server's
      // history cache; a read after any change of the run (here a tag set, untimed) decodes and encodes.
      const changed = async (times: number) => {
        const samples: number[] = [];
        for (let i = 0; i < times; i++) {
          await post(server.url, "runs/set-tag", { run_id: runId, key: "bench.read", value: String(i) });
          samples.push(await timeGet(historyUrl, 1));
        }
        return median(samples);
      };
      const history = [];
      for (let r = 0; r < ROUNDS; r++) history.push({ ms: await timeGet(historyUrl, 20), cold: await changed(10), load: load() });
      console.log(
        `  get-history, 20,000 points: ${median(history.map((h) => h.ms)).toFixed(1)} ms median as a client sees it, repeated (rounds: ${history.map((h) => h.ms.toFixed(1)).join(", ")}); first read after a change ${median(history.map((h) => h.cold)).toFixed(1)} ms (rounds: ${history.map((h) => h.cold.toFixed(1)).join(", ")}), load ${history.map((h) => h.load).join("/")}   (target ≤ 19; MLflow's server: ~960)`,
      );

      // Anneal's own API: downsampled read of 4 keys × 1M steps.
      const db = await openDatabase({ databaseUrl: pg.url });
      const bigRun = await newRun(server.url, experimentId, "million");
      const keys = ["lr", "loss", "mIoU", "grad_norm"];
      for (let lo = 0; lo < 1_000_000; lo += 100_000) {
        const steps = Float64Array.from({ length: 100_000 }, (_, i) => lo + i);
        await db.sql.transaction((tx) =>
          writeSeries(tx, bigRun, new Map(keys.map((k, j) => [k, { steps, values: steps.map((s) => Math.exp(-s / 3e5) * (j + 1) + Math.random() * 0.01) }]))),
        );
      }
      await db.close();
      const readUrl = `${server.url}/api/v1/runs/${bigRun}/metrics?keys=${keys.join(",")}&maxPoints=2000`;
      await timeGet(readUrl, 5);
      const reads = [];
      for (let r = 0; r < ROUNDS; r++) reads.push({ ms: await timeGet(readUrl, 20), load: load() });
      console.log(
        `Anneal API, downsampled read of 4 keys × 1,000,000 steps (2,000 points each), JSON included: ${median(reads.map((x) => x.ms)).toFixed(1)} ms median as a client sees it (rounds: ${reads.map((x) => x.ms.toFixed(1)).join(", ")}), load ${reads.map((x) => x.load).join("/")}   (target ≤ 50)`,
      );
    }
  } finally {
    await admin.end();
    await server.stop();
  }
} finally {
  await pg.drop();
}
