// `npm run bench:ingest` (after `npm run build`): ingest throughput through the HTTP API on real
// PostgreSQL (2 concurrent writers, columnar batches of 10,000 steps × 4 keys) and on the embedded
// PGlite, the same data written straight into the database for the ratio, and bytes per value stored.
import { openDatabase } from "@/lib/db/client";
import { writeSeries } from "@/lib/server/metrics/chunk-store";
import { fmt, freshPgDatabase, startServer } from "./bench/server";

const STEPS_PER_BATCH = 10_000;
const KEYS = ["lr", "loss", "mIoU", "grad_norm"];
const BATCHES_PER_WRITER = Number(process.env.BENCH_BATCHES ?? 50);
const WRITERS = 2;

function batchBody(b: number) {
  const step = Array.from({ length: STEPS_PER_BATCH }, (_, i) => b * STEPS_PER_BATCH + i);
  const values = Object.fromEntries(
    KEYS.map((k, j) => [k, step.map((s) => (j === 0 ? 0.01 * Math.pow(1 - s / 1e7, 0.9) : Math.exp(-s / 1e6) + Math.random() * 0.01))]),
  );
  return JSON.stringify({ step, values, batchId: `b${b}` });
}

async function httpIngest(url: string, label: string, batches: number): Promise<number> {
  const bodies = Array.from({ length: batches }, (_, b) => batchBody(b)); // prepared up front: measure the server, not the client
  const runIds: string[] = [];
  for (let w = 0; w < WRITERS; w++) {
    const r = await fetch(`${url}/api/v1/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ project: "bench", name: `${label}-${w}` }),
    });
    runIds.push(((await r.json()) as { id: string }).id);
  }
  const t0 = performance.now();
  await Promise.all(
    runIds.map(async (id) => {
      for (const body of bodies) {
        const r = await fetch(`${url}/api/v1/runs/${id}/metrics`, { method: "POST", headers: { "content-type": "application/json" }, body });
        if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return (WRITERS * batches * STEPS_PER_BATCH * KEYS.length) / seconds;
}

async function directIngest(databaseUrl: string, batches: number): Promise<number> {
  const db = await openDatabase({ databaseUrl });
  const project = await db.prisma.project.create({ data: { slug: "bench", name: "bench" } });
  const runs = await Promise.all(
    Array.from({ length: WRITERS }, (_, w) => db.prisma.run.create({ data: { id: `direct${w}`, name: `direct-${w}`, projectId: project.id } })),
  );
  const series = Array.from({ length: batches }, (_, b) => {
    const steps = Float64Array.from({ length: STEPS_PER_BATCH }, (_, i) => b * STEPS_PER_BATCH + i);
    return new Map(KEYS.map((k) => [k, { steps, values: steps.map((s) => Math.exp(-s / 1e6) + Math.random() * 0.01) }]));
  });
  const t0 = performance.now();
  await Promise.all(
    runs.map(async (run) => {
      for (const s of series) await db.sql.transaction((tx) => writeSeries(tx, run.id, s));
    }),
  );
  const rate = (WRITERS * batches * STEPS_PER_BATCH * KEYS.length) / ((performance.now() - t0) / 1000);
  await db.close();
  return rate;
}

async function bytesPerValue(databaseUrl: string, values: number): Promise<number> {
  const db = await openDatabase({ databaseUrl });
  const [r] = await db.sql.query<{ bytes: string }>(
    `SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname IN ('metric_chunks', 'ingest_batches', 'runs')`,
  );
  await db.close();
  return Number(r.bytes) / values;
}

const pg = await freshPgDatabase("ingest");
try {
  const server = await startServer({ port: 3301, databaseUrl: pg.url });
  const httpRate = await httpIngest(server.url, "http", BATCHES_PER_WRITER);
  await server.stop();
  const storedValues = WRITERS * BATCHES_PER_WRITER * STEPS_PER_BATCH * KEYS.length;
  const bpv = await bytesPerValue(pg.url, storedValues);
  const direct = await freshPgDatabase("ingestdirect");
  const directRate = await directIngest(direct.url, BATCHES_PER_WRITER);
  await direct.drop();
  console.log(`PostgreSQL, HTTP API, ${WRITERS} writers × ${BATCHES_PER_WRITER} batches of ${fmt(STEPS_PER_BATCH)} steps × ${KEYS.length} keys:`);
  console.log(`  ingest            ${fmt(httpRate)} values/s   (target ≥ 1,000,000)`);
  console.log(
    `  direct to the DB  ${fmt(directRate)} values/s   (same data, no HTTP/JSON) → HTTP reaches ${((100 * httpRate) / directRate).toFixed(0)}% of it`,
  );
  console.log(`  storage           ${bpv.toFixed(2)} bytes/value, all tables and indexes   (target ≤ 12)`);
} finally {
  await pg.drop();
}

const lite = await startServer({ port: 3302 });
const liteRate = await httpIngest(lite.url, "pglite", Math.max(5, Math.round(BATCHES_PER_WRITER / 5)));
await lite.stop();
console.log(`PGlite (embedded), HTTP API: ${fmt(liteRate)} values/s   (target ≥ 300,000)`);
