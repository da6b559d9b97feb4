import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as run from "@/app/api/v1/runs/[id]/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import * as heartbeat from "@/app/api/v1/runs/[id]/heartbeat/route";
import * as events from "@/app/api/v1/projects/[slug]/events/route";
import * as runComments from "@/app/api/v1/runs/[id]/comments/route";
import { getDatabase } from "@/lib/db";
import { openDatabase, type Database } from "@/lib/db/client";
import { getEventBus } from "@/lib/server/events/event-bus";
import { openEventStream, openStreamCount } from "@/lib/server/events/event-stream";
import { publishEvent } from "@/lib/server/events/publish-event";
import type { ProjectEvent } from "@/lib/events/event-types";
import { call, uniqueSlug } from "./http";
import { SseReader } from "./sse";

async function newRun(project: string, extra: Record<string, unknown> = {}) {
  const r = await call(runs.POST, "POST", "/api/v1/runs", { body: { project, ...extra } });
  expect(r.status).toBe(201);
  return r.json as { id: string; name: string };
}

const open: SseReader[] = [];
afterAll(async () => {
  await Promise.all(open.map((r) => r.close()));
});

/** GET /projects/{slug}/events as a client: the reader, and the abort that hangs up. */
async function subscribe(slug: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await events.GET(new Request(`http://127.0.0.1:3000/api/v1/projects/${slug}/events`, { headers, signal: controller.signal }), {
    params: Promise.resolve({ slug }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  expect(res.headers.get("cache-control")).toContain("no-transform");
  const reader = new SseReader(res);
  open.push(reader);
  const ready = await reader.next((e) => e.event === "ready");
  return { reader, ready, hangUp: () => controller.abort() };
}

const postPoints = (id: string, body: unknown) => call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body });

describe("project events (SSE)", () => {
  it("streams run.created, metrics.appended (keys and step range) and run.updated within a second of the write", async () => {
    const slug = uniqueSlug("ev");
    const first = await newRun(slug);
    const { reader } = await subscribe(slug);

    const t0 = performance.now();
    const created = await newRun(slug, { name: "sgd" });
    const ev1 = await reader.next((e) => e.event === "run.created", 1_000);
    expect(ev1.data).toMatchObject({ runId: created.id, name: "sgd", status: "running" });
    expect(Number(ev1.id)).toBeGreaterThan(0);

    expect((await postPoints(first.id, { step: [10, 11, 12], values: { loss: [1, 0.9, null], mIoU: [null, null, 0.4] } })).status).toBe(200);
    const ev2 = await reader.next((e) => e.event === "metrics.appended", 1_000);
    expect(ev2.data).toMatchObject({ runId: first.id, keys: ["loss", "mIoU"], firstStep: 10, lastStep: 12 });
    expect(Number(ev2.id)).toBeGreaterThan(Number(ev1.id));

    await call(run.PATCH, "PATCH", `/api/v1/runs/${first.id}`, { params: { id: first.id }, body: { status: "finished", tags: ["x"] } });
    const ev3 = await reader.next((e) => e.event === "run.updated", 1_000);
    expect(ev3.data).toMatchObject({ runId: first.id, changes: { status: "finished", previousStatus: "running", tags: ["x"] } });
    expect(ev3.data.actor).toMatchObject({ id: "local" });
    expect(performance.now() - t0).toBeLessThan(3_000);
  });

  it("does not stream another project's events, nor a rolled-back write's", async () => {
    const slug = uniqueSlug("ev");
    const mine = await newRun(slug);
    const other = await newRun(uniqueSlug("ev"));
    const { reader } = await subscribe(slug);
    await postPoints(other.id, { step: [1], values: { loss: [1] } });
    // An event published in a transaction that rolls back is never announced.
    const db = await getDatabase();
    const projectId = (await db.prisma.project.findUniqueOrThrow({ where: { slug } })).id;
    await db.sql
      .transaction(async (tx) => {
        await publishEvent(tx, { projectId, type: "run.deleted", data: { runId: "x", name: "x" } });
        throw new Error("roll back");
      })
      .catch(() => {});
    await postPoints(mine.id, { step: [1], values: { loss: [1] } });
    const got = await reader.next((e) => e.event !== "ready", 2_000);
    expect(got.event).toBe("metrics.appended");
    expect(got.data.runId).toBe(mine.id);
  });

  it("resumes after Last-Event-ID with what was missed; an unknown id gets `reset`", async () => {
    const slug = uniqueSlug("ev");
    const r = await newRun(slug);
    const a = await subscribe(slug);
    await postPoints(r.id, { step: [1], values: { loss: [1] } });
    const seen = await a.reader.next((e) => e.event === "metrics.appended");
    a.hangUp();
    await a.reader.close();
    // Missed while disconnected:
    await postPoints(r.id, { step: [2], values: { loss: [0.5] } });
    await call(run.PATCH, "PATCH", `/api/v1/runs/${r.id}`, { params: { id: r.id }, body: { review: "candidate" } });

    // The replay comes before `ready`, in order.
    const resumed = new SseReader(
      await events.GET(new Request(`http://127.0.0.1:3000/api/v1/projects/${slug}/events`, { headers: { "last-event-id": seen.id! } }), {
        params: Promise.resolve({ slug }),
      }),
    );
    open.push(resumed);
    const replay1 = await resumed.next();
    const replay2 = await resumed.next();
    const ready = await resumed.next();
    expect([replay1.event, replay2.event, ready.event]).toEqual(["metrics.appended", "run.updated", "ready"]);
    expect(replay1.data).toMatchObject({ firstStep: 2, lastStep: 2 });
    expect(replay2.data.changes).toEqual({ review: "candidate" });
    expect(ready.id).toBe(replay2.id);

    const res = await events.GET(new Request(`http://127.0.0.1:3000/api/v1/projects/${slug}/events`, { headers: { "last-event-id": "999999999999" } }), {
      params: Promise.resolve({ slug }),
    });
    const rr = new SseReader(res);
    open.push(rr);
    expect((await rr.next()).event).toBe("reset");
    expect((await rr.next()).event).toBe("ready");
  });

  it("sends heartbeats, and refuses streams past the limit with a 429", async () => {
    const slug = uniqueSlug("ev");
    await newRun(slug);
    const db = await getDatabase();
    const project = await db.prisma.project.findUniqueOrThrow({ where: { slug } });
    const controller = new AbortController();
    const res = await openEventStream(db, { projectId: project.id, lastEventId: null, signal: controller.signal, maxStreams: 1000, heartbeatMs: 50 });
    const reader = new SseReader(res);
    await reader.drain(300);
    expect(reader.comments).toBeGreaterThanOrEqual(3);
    const before = openStreamCount();
    await expect(openEventStream(db, { projectId: project.id, lastEventId: null, signal: controller.signal, maxStreams: before })).rejects.toMatchObject({
      code: "rate_limited",
    });
    controller.abort();
    await reader.close();
    expect(openStreamCount()).toBe(before - 1);
  });

  it("a 404 for an unknown project", async () => {
    const res = await events.GET(new Request("http://127.0.0.1:3000/api/v1/projects/nope-none/events"), { params: Promise.resolve({ slug: "nope-none" }) });
    expect(res.status).toBe(404);
  });

  it("announces a crashed run coming back (heartbeat)", async () => {
    const slug = uniqueSlug("ev");
    const r = await newRun(slug);
    const db = await getDatabase();
    await db.sql.query(`UPDATE runs SET crash_notified_at = now() WHERE id = $1`, [r.id]);
    const { reader } = await subscribe(slug);
    expect((await call(heartbeat.POST, "POST", `/api/v1/runs/${r.id}/heartbeat`, { params: { id: r.id } })).status).toBe(204);
    const ev = await reader.next((e) => e.event === "run.updated", 1_000);
    expect(ev.data.changes).toEqual({ status: "running", previousStatus: "crashed" });
  });

  it("delivers an event too large for NOTIFY by reading it from the log", async () => {
    const slug = uniqueSlug("ev");
    const r = await newRun(slug);
    const { reader } = await subscribe(slug);
    const keys = Array.from({ length: 400 }, (_, i) => `metric/with/a/long/name/${String(i).padStart(4, "0")}`);
    await postPoints(r.id, { step: [1], values: Object.fromEntries(keys.map((k) => [k, [1]])) });
    const ev = await reader.next((e) => e.event === "metrics.appended", 2_000);
    expect(ev.data.keys).toHaveLength(400);
  });
});

describe.runIf(process.env.ANNEAL_TEST_BACKEND === "postgres")("across app instances (PostgreSQL LISTEN/NOTIFY)", () => {
  let second: Database | undefined;
  afterAll(async () => second?.close());

  it("an event written through one instance reaches the other's subscribers within a second", async () => {
    const db = await getDatabase();
    second = await openDatabase({ databaseUrl: process.env.DATABASE_URL, migrate: false });
    const slug = uniqueSlug("ev");
    const r = await newRun(slug);
    const project = await db.prisma.project.findUniqueOrThrow({ where: { slug } });
    const bus = await getEventBus(second);
    const got: ProjectEvent[] = [];
    const unsubscribe = bus.subscribe(project.id, { push: (e) => got.push(e), gap: () => {} });
    const t0 = performance.now();
    await postPoints(r.id, { step: [5], values: { loss: [1] } });
    while (!got.length && performance.now() - t0 < 1_000) await new Promise((res) => setTimeout(res, 5));
    unsubscribe();
    expect(got[0]).toMatchObject({ type: "metrics.appended", runId: r.id, data: { keys: ["loss"], lastStep: 5 } });
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  it("a write through this process reaches the SSE stream of an instance in another process within a second", async () => {
    const slug = uniqueSlug("ev");
    const r = await newRun(slug);
    // Instance B: its own process, pool and LISTEN connection, serving the events route.
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/integration/scripts/event-stream-instance.ts", slug], {
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const received: { event: string; data: Record<string, unknown>; at: number }[] = [];
    const waiters: (() => void)[] = [];
    createInterface({ input: child.stdout }).on("line", (line) => {
      received.push(JSON.parse(line) as (typeof received)[number]);
      waiters.splice(0).forEach((w) => w());
    });
    /** The first event of B's stream matching `pred`, waiting up to `ms`. */
    const seen = async (pred: (e: (typeof received)[number]) => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = received.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline)
          throw new Error(`instance B saw no such event; it saw ${received.map((e) => e.event).join(", ") || "nothing"}; stderr: ${stderr}`);
        await new Promise<void>((res) => {
          waiters.push(res);
          setTimeout(res, 50);
        });
      }
    };
    try {
      // Starting a process with tsx takes seconds on a busy machine; B says when it listens.
      await seen((e) => e.event === "ready", 60_000);
      const writes: [string, () => Promise<unknown>, (e: (typeof received)[number]) => boolean][] = [
        ["metrics.appended", () => postPoints(r.id, { step: [7], values: { mIoU: [0.5] } }), (e) => e.data.lastStep === 7],
        [
          "run.updated",
          () => call(run.PATCH, "PATCH", `/api/v1/runs/${r.id}`, { params: { id: r.id }, body: { review: "approved" } }),
          (e) => (e.data.changes as { review?: string })?.review === "approved",
        ],
        [
          "comment.created",
          () =>
            call(runComments.POST, "POST", `/api/v1/runs/${r.id}/comments`, {
              params: { id: r.id },
              body: { body: "seen from B?", anchor: { key: "mIoU", step: 7 } },
            }),
          (e) => e.data.excerpt === "seen from B?",
        ],
      ];
      for (const [type, write, match] of writes) {
        const sent = Date.now();
        await write();
        const e = await seen((x) => x.event === type && x.data.runId === r.id && match(x), 5_000);
        expect(e.at - sent, `${type} from A to B's stream`).toBeLessThan(1_000);
      }
    } finally {
      child.kill();
    }
  }, 90_000);

  it("after the listening connection drops, it reconnects and subscribers are told to catch up", async () => {
    const db = await getDatabase();
    const other = await openDatabase({ databaseUrl: process.env.DATABASE_URL, migrate: false });
    try {
      const bus = await getEventBus(other);
      let gaps = 0;
      const got: ProjectEvent[] = [];
      const slug = uniqueSlug("ev");
      const r = await newRun(slug);
      const project = await db.prisma.project.findUniqueOrThrow({ where: { slug } });
      bus.subscribe(project.id, { push: (e) => got.push(e), gap: () => gaps++ });
      // Kill the listener's backend connection from the server side, as a restart or a proxy would.
      await db.sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`);
      const t0 = performance.now();
      while (!gaps && performance.now() - t0 < 5_000) await new Promise((res) => setTimeout(res, 20));
      expect(gaps).toBe(1);
      await postPoints(r.id, { step: [1], values: { loss: [1] } });
      const appended = () => got.find((e) => e.type === "metrics.appended");
      while (!appended() && performance.now() - t0 < 5_000) await new Promise((res) => setTimeout(res, 20));
      expect(appended()?.runId).toBe(r.id);
    } finally {
      await other.close();
    }
  });
});
