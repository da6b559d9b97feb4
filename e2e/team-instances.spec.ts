import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { expect, test } from "@playwright/test";

/**
 * Team mode as N stateless instances on one PostgreSQL: two `next start` processes of the built app
 * on one fresh database (both migrate and create the admin at the same instant), written to at once
 * through both, with sessions started on one used on the other, and failed sign-ins spread over
 * both. Nothing may be lost, nobody signed out, no limit doubled.
 */
const PG = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const BASE_PORT = Number(process.env.E2E_PORT ?? 3210) + 2;
const ADMIN = { email: "admin@instances.test", password: "admin passphrase instances" };
const PASSWORD = "member passphrase instances";
const PUBLIC_URL = `http://127.0.0.1:${BASE_PORT}`; // what a proxy in front of both would be

const dbName = `anneal_e2e_instances_${process.pid}_${Date.now()}`;
const servers: ChildProcess[] = [];
const urls = [0, 1].map((i) => `http://127.0.0.1:${BASE_PORT + i}`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anneal-e2e-instances-"));

async function admin(sql: string) {
  const c = new Client({ connectionString: PG });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function healthy(url: string, deadline: number) {
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not start`);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(150_000);
  await admin(`CREATE DATABASE ${dbName}`);
  const db = new URL(PG);
  db.pathname = `/${dbName}`;
  for (const [i, url] of urls.entries()) {
    const port = new URL(url).port;
    const child = spawn(process.execPath, [createRequire(import.meta.url).resolve("next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", port], {
      env: {
        ...process.env,
        DATABASE_URL: db.toString(),
        ANNEAL_DATA_DIR: path.join(dataDir, String(i)),
        ANNEAL_MODE: "team",
        ANNEAL_PUBLIC_URL: PUBLIC_URL,
        ANNEAL_ADMIN_EMAIL: ADMIN.email,
        ANNEAL_ADMIN_PASSWORD: ADMIN.password,
        HOST: "127.0.0.1",
        PORT: port,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    servers.push(child);
  }
  await Promise.all(urls.map((u) => healthy(u, Date.now() + 120_000)));
});

test.afterAll(async () => {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.exitCode !== null) return resolve();
          s.once("exit", () => resolve());
          s.kill("SIGTERM");
        }),
    ),
  );
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Auth = { cookie: string } | { key: string };

/** A request to instance `i` as a browser session (with the proxy's Origin) or a script's key. */
async function req(i: number, method: string, route: string, auth: Auth | null, body?: unknown, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { ...extra };
  if (auth && "cookie" in auth) Object.assign(headers, { cookie: auth.cookie, origin: PUBLIC_URL });
  if (auth && "key" in auth) headers.authorization = `Bearer ${auth.key}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${urls[i]}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

async function signIn(i: number, email: string, password = PASSWORD): Promise<{ cookie: string }> {
  const res = await fetch(`${urls[i]}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return {
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  };
}

const whoAmI = async (i: number, who: { cookie: string }) => ((await req(i, "GET", "/api/v1/auth/session", who)).json.user as { email: string } | null)?.email;
const lossCount = (json: Record<string, unknown>) => (json.series as Record<string, { count: number }>).loss.count;

test("two instances on one PostgreSQL: concurrent writers through both lose nothing, sessions work on both, limits are shared", async () => {
  test.setTimeout(120_000);
  // The admin, created by whichever instance got there first, signs in on one and is known to the other.
  const root = await signIn(0, ADMIN.email, ADMIN.password);
  expect(await whoAmI(1, root)).toBe(ADMIN.email);

  const project = `inst-${Date.now().toString(36)}`;
  expect((await req(1, "POST", "/api/v1/projects", root, { name: project, slug: project })).status).toBe(201);
  const people = ["ana", "ben", "cy"].map((n) => ({ email: `${n}-${project}@instances.test`, password: PASSWORD }));
  for (const [i, p] of people.entries()) {
    expect((await req(i % 2, "POST", "/api/v1/admin/users", root, { ...p, name: p.email })).status).toBe(201);
    expect((await req((i + 1) % 2, "POST", `/api/v1/projects/${project}/members`, root, { email: p.email, role: "editor" })).status).toBe(201);
  }
  // Ana signs in on A, Ben on B; each then works through both.
  const ana = await signIn(0, people[0].email);
  const ben = await signIn(1, people[1].email);
  const key = (await req(1, "POST", `/api/v1/projects/${project}/keys`, root, { scope: "write", name: "cluster" })).json.key as string;
  expect(key).toMatch(/^ank_/);

  // Writers: ana, ben and a script's key, two runs each, every batch to the other instance than the last.
  const writers: Auth[] = [ana, ben, { key }];
  const STEPS_PER_BATCH = 50;
  const BATCHES = 12;
  const runs = await Promise.all(
    Array.from({ length: 6 }, async (_, r) => {
      const created = await req(r % 2, "POST", "/api/v1/runs", writers[r % 3], { project, name: `run-${r}` });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      return { id: created.json.id as string, writer: writers[r % 3], r };
    }),
  );
  await Promise.all(
    runs.map(async ({ id, writer, r }) => {
      for (let b = 0; b < BATCHES; b++) {
        const step = Array.from({ length: STEPS_PER_BATCH }, (_, s) => b * STEPS_PER_BATCH + s);
        const res = await req((r + b) % 2, "POST", `/api/v1/runs/${id}/metrics`, writer, { step, values: { loss: step.map((s) => 1 / (s + 1)) } });
        expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
      }
    }),
  );

  // Nothing lost, seen from both instances (and no instance serves a stale cached read).
  for (const i of [0, 1]) {
    const list = await req(i, "GET", `/api/v1/runs?project=${project}`, ben);
    expect(list.json.runs).toHaveLength(6);
    for (const { id } of runs) {
      const m = await req(i, "GET", `/api/v1/runs/${id}/metrics?keys=loss&maxPoints=0`, ana);
      expect(m.status).toBe(200);
      expect(lossCount(m.json)).toBe(BATCHES * STEPS_PER_BATCH);
    }
  }
  const extra = await req(0, "POST", `/api/v1/runs/${runs[0].id}/metrics`, { key }, { step: [10_000], values: { loss: [0.001] } });
  expect(extra.status).toBeLessThan(300);
  expect(lossCount((await req(1, "GET", `/api/v1/runs/${runs[0].id}/metrics?keys=loss&maxPoints=0`, ana)).json)).toBe(BATCHES * STEPS_PER_BATCH + 1);

  // Nobody was signed out, on either instance.
  for (const i of [0, 1]) {
    expect(await whoAmI(i, root)).toBe(ADMIN.email);
    expect(await whoAmI(i, ana)).toBe(people[0].email);
    expect(await whoAmI(i, ben)).toBe(people[1].email);
  }
  // "Sign out everywhere" on one instance ends the session on the other too.
  expect((await req(0, "DELETE", "/api/v1/auth/sessions", ben)).status).toBeLessThan(300);
  expect(await whoAmI(1, ben)).toBeUndefined();
  expect(await whoAmI(1, ana)).toBe(people[0].email);

  // Failed sign-ins spread over both instances, each claiming a fresh X-Forwarded-For, count into one
  // window: 10 per account, then 429 on both.
  const cy = people[2].email;
  for (let n = 0; n < 10; n++) {
    const res = await req(n % 2, "POST", "/api/v1/auth/login", null, { email: cy, password: "wrong password!" }, { "x-forwarded-for": `203.0.113.${n}` });
    expect(res.status).toBe(401);
  }
  for (const i of [0, 1]) {
    const res = await req(i, "POST", "/api/v1/auth/login", null, { email: cy, password: PASSWORD });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  }
  // The audit log names the socket's address, not the claimed ones (no proxy is trusted here).
  const audit = await req(1, "GET", "/api/v1/admin/audit?limit=50", root);
  const failures = (audit.json.events as { action: string; actor: string; detail: { address?: string } }[]).filter(
    (e) => e.action === "auth.sign_in_failed" && e.actor === cy,
  );
  expect(failures).toHaveLength(10);
  expect(new Set(failures.map((e) => e.detail.address))).toEqual(new Set(["127.0.0.1"]));
});

test("a page open on instance A shows, live, the points and the comment written through instance B", async ({ browser }) => {
  test.setTimeout(120_000);
  const root = await signIn(1, ADMIN.email, ADMIN.password);
  const project = `live-${Date.now().toString(36)}`;
  expect((await req(1, "POST", "/api/v1/projects", root, { name: project, slug: project })).status).toBe(201);
  const run = (await req(1, "POST", "/api/v1/runs", root, { project, name: "live-across" })).json.id as string;
  expect((await req(1, "POST", `/api/v1/runs/${run}/metrics`, root, { step: [0, 1, 2], values: { loss: [1, 0.9, 0.8] } })).status).toBe(200);

  // The browser talks to A only (its session was started on B).
  const context = await browser.newContext();
  await context.addCookies(
    root.cookie.split("; ").map((c) => {
      const eq = c.indexOf("=");
      return { name: c.slice(0, eq), value: c.slice(eq + 1), url: urls[0] };
    }),
  );
  const page = await context.newPage();
  const reads: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes(`/runs/${run}/metrics?`)) reads.push(new URL(r.url()).searchParams.get("from") ?? "");
  });
  await page.goto(`${urls[0]}/projects/${project}/runs/${run}`);
  await expect(page.getByTestId("live")).toHaveAttribute("data-connected", "true");
  const chart = page.locator('[data-testid="metric-chart"][data-key="loss"]');
  await expect(chart).toHaveAttribute("data-last-x", "2");

  // Within 3 s of each write through B (the target is 1 s; the margin is for a loaded CI machine).
  // Well under the 5 s poll a page falls back to, and drawn from the event's points (or, had it
  // carried none, an incremental read): never the whole series read again.
  const BOUND_MS = 3_000;
  const readsBefore = reads.length;
  let sent = Date.now();
  expect((await req(1, "POST", `/api/v1/runs/${run}/metrics`, root, { step: [3], values: { loss: [0.7] } })).status).toBe(200);
  await expect(chart).toHaveAttribute("data-last-x", "3", { timeout: BOUND_MS });
  const pointMs = Date.now() - sent;
  expect(reads.slice(readsBefore).every((from) => from === "3")).toBe(true);

  sent = Date.now();
  const comment = await req(1, "POST", `/api/v1/runs/${run}/comments`, root, { body: "Written on B, read on A", anchor: { key: "loss", step: 3 } });
  expect(comment.status).toBe(201);
  await expect(page.getByTestId("thread")).toContainText("Written on B, read on A", { timeout: BOUND_MS });
  await expect(page.getByTestId("chart-marker")).toHaveCount(1, { timeout: BOUND_MS });
  const commentMs = Date.now() - sent;
  test.info().annotations.push({ type: "B → A", description: `point drawn ${pointMs} ms, comment shown ${commentMs} ms after the write` });
  await context.close();
});
