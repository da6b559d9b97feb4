import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as run from "@/app/api/v1/runs/[id]/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import * as heartbeat from "@/app/api/v1/runs/[id]/heartbeat/route";
import * as runComments from "@/app/api/v1/runs/[id]/comments/route";
import * as projectAlerts from "@/app/api/v1/projects/[slug]/alerts/route";
import * as deliveries from "@/app/api/v1/projects/[slug]/alert-deliveries/route";
import * as alert from "@/app/api/v1/alerts/[id]/route";
import * as alertTest from "@/app/api/v1/alerts/[id]/test/route";
import { getDatabase } from "@/lib/db";
import { startAlertWorker } from "@/lib/server/alerts/alert-worker";
import { call, uniqueSlug } from "./http";
import { realtrainBatches, realtrainConfig } from "./realtrain-batches";

/** A local webhook receiver: records every request; /flaky fails twice then accepts, /gone is a 404. */
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
}
const received: Received[] = [];
let flakyCalls = 0;
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    received.push({ path: req.url!, headers: req.headers, body, json: JSON.parse(body) });
    const path = new URL(req.url!, "http://x").pathname;
    if (path === "/gone") return res.writeHead(404).end("no such hook");
    if (path === "/flaky" && ++flakyCalls <= 2) return res.writeHead(503).end("busy");
    res.writeHead(200).end("ok");
  });
});
let base = "";
let worker: ReturnType<typeof startAlertWorker>;

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  worker = startAlertWorker(await getDatabase(), { pollMs: 100, crashSweepMs: 100, retryBaseMs: 200 });
});
afterAll(async () => {
  await worker.stop();
  receiver.close();
});

async function newProjectWithAlert(rules: string[], extra: Record<string, unknown> = {}, path = "/ok") {
  const project = uniqueSlug("al");
  await call(runs.POST, "POST", "/api/v1/runs", { body: { project, name: "seed" } });
  const res = await call(projectAlerts.POST, "POST", `/api/v1/projects/${project}/alerts`, {
    params: { slug: project },
    body: { name: "ops", url: `${base}${path}?p=${project}`, rules, ...extra },
  });
  expect(res.status).toBe(201);
  return { project, alert: res.json };
}

const forProject = (project: string) => received.filter((r) => r.path.includes(`p=${project}`));

async function waitFor<T>(fn: () => T | undefined | false, ms = 10_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Logs a real run batch by batch, as its training script did. */
async function replay(project: string, name: string, opts: { finish?: boolean } = {}) {
  const id = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project, name, config: realtrainConfig(name) } })).json.id as string;
  for (const batch of realtrainBatches(name, 40)) {
    const r = await call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body: batch });
    expect(r.status).toBe(200);
  }
  if (opts.finish) await call(run.PATCH, "PATCH", `/api/v1/runs/${id}`, { params: { id }, body: { status: "finished" } });
  return id;
}

/** Lets due alert checks (2 s after the last batch) and deliveries run. */
async function settle() {
  await new Promise((r) => setTimeout(r, 2_600));
  await worker.flush();
  await worker.flush();
}

describe("alerts → webhooks (local receiver)", () => {
  it("creates an alert: the signing secret is shown once, listed only by prefix", async () => {
    const { project, alert: a } = await newProjectWithAlert(["finished"]);
    expect(a.secret).toMatch(/^whsec_/);
    const list = await call(projectAlerts.GET, "GET", `/api/v1/projects/${project}/alerts`, { params: { slug: project } });
    expect(list.json.alerts).toEqual([expect.objectContaining({ id: a.id, rules: ["finished"], secretPrefix: a.secret.slice(0, 10) })]);
    expect(list.json.alerts[0].secret).toBeUndefined();
    const bad = await call(projectAlerts.POST, "POST", `/api/v1/projects/${project}/alerts`, {
      params: { slug: project },
      body: { name: "x", url: "ftp://example.com/hook", rules: ["nan"] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("url");
    const noRules = await call(projectAlerts.POST, "POST", `/api/v1/projects/${project}/alerts`, {
      params: { slug: project },
      body: { name: "x", url: base, rules: [] },
    });
    expect(noRules.json.error.details[0].path).toBe("rules");
  });

  it("fires first-NaN, divergence and spikes of a real diverging run once each; never for a healthy run", async () => {
    const { project, alert: a } = await newProjectWithAlert(["nan", "divergence", "spike"]);
    const healthy = await replay(project, "adamw-1e-3-cosine-s0", { finish: true });
    const diverging = await replay(project, "sgd-80-const-nan");
    await settle();
    const got = forProject(project);
    expect(got.every((r) => r.json.runId === diverging)).toBe(true);
    expect(got.some((r) => r.json.runId === healthy)).toBe(false);
    const rules = got.map((r) => r.json.rule).sort();
    expect(rules.filter((r) => r === "nan")).toHaveLength(1);
    expect(rules.filter((r) => r === "divergence")).toHaveLength(1);
    expect(rules.filter((r) => r === "spike").length).toBeGreaterThanOrEqual(1);
    const nan = got.find((r) => r.json.rule === "nan")!;
    expect(nan.json.title).toMatch(/^(NaN|Infinity|-Infinity) in (loss|val_loss|aAcc|mIoU) at step 44 — run sgd-80-const-nan$/);
    expect(nan.json.link).toContain(`/projects/${project}/runs/${diverging}`);
    // Signed: HMAC-SHA256 of "<timestamp>.<body>" with the alert's secret.
    const ts = nan.headers["x-anneal-timestamp"] as string;
    expect(nan.headers["x-anneal-signature"]).toBe(`sha256=${createHmac("sha256", a.secret).update(`${ts}.${nan.body}`).digest("hex")}`);

    // More of the same run, checked again: nothing new fires.
    const before = got.length;
    await call(metrics.POST, "POST", `/api/v1/runs/${diverging}/metrics`, {
      params: { id: diverging },
      body: { step: [200, 201], values: { loss: ["NaN", "NaN"] } },
    });
    await settle();
    expect(forProject(project)).toHaveLength(before);
  }, 60_000);

  it("fires 'finished' once per run, and 'crashed' once per silence", async () => {
    const { project } = await newProjectWithAlert(["finished", "crashed"]);
    const id = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project, name: "r" } })).json.id;
    await call(run.PATCH, "PATCH", `/api/v1/runs/${id}`, { params: { id }, body: { status: "finished" } });
    await call(run.PATCH, "PATCH", `/api/v1/runs/${id}`, { params: { id }, body: { status: "finished" } });
    await waitFor(() => forProject(project).length >= 1);
    await worker.flush();
    expect(forProject(project).map((r) => r.json.rule)).toEqual(["finished"]);
    expect(forProject(project)[0].json.title).toBe("Run r finished");

    const live = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project, name: "silent" } })).json.id;
    const db = await getDatabase();
    const goSilent = () => db.sql.query(`UPDATE runs SET last_activity_at = now() - interval '2 hours' WHERE id = $1`, [live]);
    await goSilent();
    await waitFor(() => forProject(project).some((r) => r.json.rule === "crashed"));
    await worker.flush();
    await worker.flush();
    expect(forProject(project).filter((r) => r.json.rule === "crashed")).toHaveLength(1);
    // It comes back, then goes silent again: a second crash, a second alert.
    await call(heartbeat.POST, "POST", `/api/v1/runs/${live}/heartbeat`, { params: { id: live } });
    await goSilent();
    await waitFor(() => forProject(project).filter((r) => r.json.rule === "crashed").length === 2);
  }, 30_000);

  it("fires a plateau longer than N evaluations once, for a running run", async () => {
    const { project } = await newProjectWithAlert(["plateau"], { plateauEvaluations: 3 });
    const id = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project, name: "stuck" } })).json.id;
    const steps = [100, 200, 300, 400, 500, 600, 700];
    await call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, {
      params: { id },
      body: { step: steps, values: { mIoU: [0.3, 0.4, 0.41, 0.41, 0.41, 0.41, 0.41] } },
    });
    await settle();
    await call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body: { step: [800], values: { mIoU: [0.41] } } });
    await settle();
    const got = forProject(project);
    expect(got.map((r) => r.json.rule)).toEqual(["plateau"]);
    expect(got[0].json.details).toMatchObject({ metric: "mIoU", sinceStep: 300 });
  }, 30_000);

  it("posts new comments as Slack-compatible messages", async () => {
    const { project } = await newProjectWithAlert(["comment"], { format: "slack" }, "/slack");
    const id = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project, name: "<b>r</b>" } })).json.id;
    await call(runComments.POST, "POST", `/api/v1/runs/${id}/comments`, { params: { id }, body: { body: "rerun with warmup" } });
    const msg = await waitFor(() => forProject(project)[0]);
    expect(msg.json.text).toMatch(/^<http:\/\/[^|]+\/runs\/\w+\?comment=\w+\|local user commented on run &lt;b&gt;r&lt;\/b&gt;> \(/);
    expect(msg.json.blocks[1].text.text).toContain("*excerpt:* rerun with warmup");
  });

  it("retries failures with backoff, stops on a 4xx, and logs each delivery's last answer", async () => {
    const flaky = await newProjectWithAlert(["finished"], {}, "/flaky");
    const id = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project: flaky.project } })).json.id;
    await call(run.PATCH, "PATCH", `/api/v1/runs/${id}`, { params: { id }, body: { status: "failed" } });
    await waitFor(() => forProject(flaky.project).length === 3, 15_000);
    const logOf = async (slug: string) =>
      (await call(deliveries.GET, "GET", `/api/v1/projects/${slug}/alert-deliveries`, { params: { slug } })).json.deliveries;
    let entry = (await logOf(flaky.project))[0];
    for (let i = 0; i < 50 && entry.status !== "delivered"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      entry = (await logOf(flaky.project))[0];
    }
    expect(entry).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200, lastResponse: "ok", rule: "finished", alertName: "ops" });
    expect(forProject(flaky.project).map((r) => r.json.attempt)).toEqual([1, 2, 3]);

    const gone = await newProjectWithAlert(["finished"], {}, "/gone");
    const id2 = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project: gone.project } })).json.id;
    await call(run.PATCH, "PATCH", `/api/v1/runs/${id2}`, { params: { id: id2 }, body: { status: "finished" } });
    await waitFor(() => forProject(gone.project).length === 1);
    await new Promise((r) => setTimeout(r, 800));
    await worker.flush();
    expect(forProject(gone.project)).toHaveLength(1);
    const [failed] = await logOf(gone.project);
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lastStatus: 404, lastResponse: "no such hook", lastError: "HTTP 404" });
  }, 30_000);

  it("sends a test delivery; a disabled alert sends nothing; a deleted alert is gone", async () => {
    const { project, alert: a } = await newProjectWithAlert(["finished"]);
    const t = await call(alertTest.POST, "POST", `/api/v1/alerts/${a.id}/test`, { params: { id: String(a.id) } });
    expect(t.status).toBe(202);
    const msg = await waitFor(() => forProject(project)[0]);
    expect(msg.json).toMatchObject({ rule: "test", title: "Test alert from Anneal for ops" });

    const off = await call(alert.PATCH, "PATCH", `/api/v1/alerts/${a.id}`, { params: { id: String(a.id) }, body: { enabled: false } });
    expect(off.json.enabled).toBe(false);
    const id = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project } })).json.id;
    await call(run.PATCH, "PATCH", `/api/v1/runs/${id}`, { params: { id }, body: { status: "finished" } });
    await new Promise((r) => setTimeout(r, 500));
    await worker.flush();
    expect(forProject(project)).toHaveLength(1);

    expect((await call(alert.DELETE, "DELETE", `/api/v1/alerts/${a.id}`, { params: { id: String(a.id) } })).status).toBe(204);
    expect((await call(alert.DELETE, "DELETE", `/api/v1/alerts/${a.id}`, { params: { id: String(a.id) } })).status).toBe(404);
    expect((await call(alert.PATCH, "PATCH", `/api/v1/alerts/abc`, { params: { id: "abc" }, body: { enabled: true } })).status).toBe(404);
  });
});
