// `npm run bench:basic-auth` (after `npm run build`): what HTTP Basic with an account's email and
// password (how MLflow clients authenticate) costs per request, on real PostgreSQL, timed as a client
// sees it. The built server in team mode, with the verified-credentials cache off
// (ANNEAL_CREDENTIAL_CACHE_SECONDS=0: a scrypt per request) and on (the default), against an API key
// as the reference; GET /api/v1/projects, the cheapest authenticated route, so authentication
// dominates. Four clients at once; requests/s, medians of 3 rounds, with the load average.
import os from "node:os";
import { fmt, freshPgDatabase, startServer } from "./bench/server";

const ROUNDS = 3;
const CLIENTS = 4;
const REQUESTS_PER_CLIENT = Number(process.env.BENCH_REQUESTS ?? 100);
const PORT = Number(process.env.BENCH_PORT ?? 3390);
const ADMIN = { email: "bench@anneal.test", password: "bench passphrase basic" };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => os.loadavg()[0].toFixed(2);

async function rate(url: string, authorization: string): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < REQUESTS_PER_CLIENT; i++) {
        const r = await fetch(`${url}/api/v1/projects`, { headers: { authorization } });
        if (r.status !== 200) throw new Error(`GET /api/v1/projects: ${r.status} ${await r.text()}`);
        await r.arrayBuffer();
      }
    }),
  );
  return (CLIENTS * REQUESTS_PER_CLIENT) / ((performance.now() - t0) / 1000);
}

async function measure(databaseUrl: string, cacheSeconds: string) {
  const server = await startServer({
    port: PORT,
    databaseUrl,
    env: { ANNEAL_MODE: "team", ANNEAL_ADMIN_EMAIL: ADMIN.email, ANNEAL_ADMIN_PASSWORD: ADMIN.password, ANNEAL_CREDENTIAL_CACHE_SECONDS: cacheSeconds },
  });
  try {
    const basic = `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.password}`).toString("base64")}`;
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ADMIN),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const slug = `bench-${Date.now().toString(36)}`;
    const headers = { cookie, origin: server.url, "content-type": "application/json" };
    await fetch(`${server.url}/api/v1/projects`, { method: "POST", headers, body: JSON.stringify({ name: slug, slug }) });
    const keyRes = await fetch(`${server.url}/api/v1/projects/${slug}/keys`, { method: "POST", headers, body: JSON.stringify({ scope: "read" }) });
    const key = ((await keyRes.json()) as { key: string }).key;
    await rate(server.url, basic); // warm-up: compiled routes, pools, the first verification
    const basicRates: number[] = [];
    const keyRates: number[] = [];
    const loads: string[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      basicRates.push(await rate(server.url, basic));
      keyRates.push(await rate(server.url, `Bearer ${key}`));
      loads.push(load());
    }
    return { basic: median(basicRates), key: median(keyRates), loads };
  } finally {
    await server.stop();
  }
}

async function main() {
  console.log(`HTTP Basic (email + password) vs API key, GET /api/v1/projects, ${CLIENTS} clients × ${REQUESTS_PER_CLIENT} requests, median of ${ROUNDS}`);
  const db = await freshPgDatabase("basic_auth");
  try {
    const off = await measure(db.url, "0");
    console.log(
      `cache off: Basic ${fmt(off.basic)} req/s, key ${fmt(off.key)} req/s (Basic/key ${(off.basic / off.key).toFixed(2)}), load ${off.loads.join(" ")}`,
    );
    const on = await measure(db.url, "300");
    console.log(`cache on:  Basic ${fmt(on.basic)} req/s, key ${fmt(on.key)} req/s (Basic/key ${(on.basic / on.key).toFixed(2)}), load ${on.loads.join(" ")}`);
    console.log(`Basic with the cache / without: ${(on.basic / off.basic).toFixed(1)}x; cpus ${os.cpus().length}`);
  } finally {
    await db.drop();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
