import { describe, expect, it } from "vitest";
import * as projects from "@/app/api/v1/projects/route";
import * as runs from "@/app/api/v1/runs/route";
import * as run from "@/app/api/v1/runs/[id]/route";
import * as heartbeat from "@/app/api/v1/runs/[id]/heartbeat/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import { getDatabase } from "@/lib/db";
import { call, uniqueSlug } from "./http";

async function newRun(project: string, extra: Record<string, unknown> = {}) {
  const r = await call(runs.POST, "POST", "/api/v1/runs", { body: { project, ...extra } });
  expect(r.status).toBe(201);
  return r.json as { id: string; name: string; url: string; status: string };
}

describe("projects", () => {
  it("creates and lists projects with run counts; a taken slug is a 409", async () => {
    const slug = uniqueSlug("proj");
    const created = await call(projects.POST, "POST", "/api/v1/projects", { body: { name: "Cityscapes Seg", slug } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ slug, name: "Cityscapes Seg", runCount: 0, mainMetric: "mIoU" });
    await newRun(slug);
    const list = await call(projects.GET, "GET", "/api/v1/projects");
    expect(list.json.projects.find((p: { slug: string }) => p.slug === slug)).toMatchObject({ runCount: 1 });
    const again = await call(projects.POST, "POST", "/api/v1/projects", { body: { name: "x", slug } });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("conflict");
  });

  it("rejects a bad slug with the field at fault", async () => {
    const r = await call(projects.POST, "POST", "/api/v1/projects", { body: { name: "x", slug: "Bad Slug" } });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: "invalid_argument" });
    expect(r.json.error.details[0].path).toBe("slug");
  });
});

describe("runs", () => {
  it("creates a run (and its project), idempotently by externalId", async () => {
    const project = uniqueSlug();
    const body = { project, name: "adamw-1e-4-poly", config: { optimizer: "AdamW", lr: 1e-4, nested: { a: 1 } }, tags: ["baseline"], externalId: "ext-1" };
    const first = await call(runs.POST, "POST", "/api/v1/runs", { body });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ name: "adamw-1e-4-poly", project, status: "running" });
    expect(first.json.url).toContain(`/projects/${project}/runs/${first.json.id}`);
    const second = await call(runs.POST, "POST", "/api/v1/runs", { body });
    expect(second.status).toBe(200);
    expect(second.json.id).toBe(first.json.id);
    const got = await call(run.GET, "GET", `/api/v1/runs/${first.json.id}`, { params: { id: first.json.id } });
    expect(got.json).toMatchObject({ config: { optimizer: "AdamW", lr: 1e-4, nested: { a: 1 } }, tags: ["baseline"], optimizer: "AdamW", lr: 1e-4 });
  });

  it("generates a readable name when none is given", async () => {
    const r = await newRun(uniqueSlug());
    expect(r.name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
  });

  it("patches status, tags and merges config and summary; deletes", async () => {
    const r = await newRun(uniqueSlug(), { config: { lr: 0.1, optimizer: "SGD" } });
    const p = { params: { id: r.id } };
    const patched = await call(run.PATCH, "PATCH", `/api/v1/runs/${r.id}`, {
      ...p,
      body: { status: "finished", tags: ["a"], config: { lr: 0.2 }, summary: { note: 1 } },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ status: "finished", tags: ["a"], config: { lr: 0.2, optimizer: "SGD" }, summary: { note: 1 } });
    expect(patched.json.endedAt).not.toBeNull();
    const bad = await call(run.PATCH, "PATCH", `/api/v1/runs/${r.id}`, { ...p, body: { status: "exploded" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("status");
    expect((await call(run.DELETE, "DELETE", `/api/v1/runs/${r.id}`, p)).status).toBe(204);
    const gone = await call(run.GET, "GET", `/api/v1/runs/${r.id}`, p);
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe("not_found");
  });

  it("shows a silent running run as crashed until it logs again", async () => {
    const r = await newRun(uniqueSlug());
    const db = await getDatabase();
    await db.sql.query(`UPDATE runs SET last_activity_at = now() - interval '1 hour' WHERE id = $1`, [r.id]);
    const p = { params: { id: r.id } };
    expect((await call(run.GET, "GET", `/api/v1/runs/${r.id}`, p)).json.status).toBe("crashed");
    expect((await call(heartbeat.POST, "POST", `/api/v1/runs/${r.id}/heartbeat`, p)).status).toBe(204);
    const after = (await call(run.GET, "GET", `/api/v1/runs/${r.id}`, p)).json;
    expect(after.status).toBe("running");
    expect(after.lastHeartbeatAt).not.toBeNull();
  });

  it("lists with sort, filters and cursor pagination", async () => {
    const project = uniqueSlug();
    const specs = [
      { name: "sgd-a", miou: 0.41, tags: ["sgd"], optimizer: "SGD" },
      { name: "adamw-b", miou: 0.52, tags: ["adamw"], optimizer: "AdamW" },
      { name: "adamw-c", miou: 0.47, tags: ["adamw", "seed1"], optimizer: "AdamW" },
    ];
    for (const s of specs) {
      const r = await newRun(project, { name: s.name, tags: s.tags, config: { optimizer: s.optimizer } });
      await call(metrics.POST, "POST", `/api/v1/runs/${r.id}/metrics`, {
        params: { id: r.id },
        body: { step: [10, 20], values: { mIoU: [s.miou - 0.1, s.miou] } },
      });
    }
    const list = (qs: string) => call(runs.GET, "GET", `/api/v1/runs?project=${project}&${qs}`).then((r) => r.json);
    expect((await list("sort=best")).runs.map((r: { name: string }) => r.name)).toEqual(["adamw-b", "adamw-c", "sgd-a"]);
    expect((await list("sort=best&order=asc")).runs.map((r: { name: string }) => r.name)).toEqual(["sgd-a", "adamw-c", "adamw-b"]);
    expect((await list("sort=name")).runs[0].name).toBe("adamw-b");
    expect((await list("tag=adamw")).runs).toHaveLength(2);
    expect((await list("q=seed1")).runs.map((r: { name: string }) => r.name)).toEqual(["adamw-c"]);
    expect((await list("q=sgd-")).runs.map((r: { name: string }) => r.name)).toEqual(["sgd-a"]);
    expect((await list("sort=config.optimizer&order=asc")).runs[0].config.optimizer).toBe("AdamW");
    const best = (await list("sort=best")).runs[0];
    expect(best.best).toMatchObject({ metric: "mIoU", value: 0.52, step: 20 });
    expect(best.lastStep).toBe(20);
    const page1 = await list("sort=name&limit=2");
    expect(page1.runs).toHaveLength(2);
    expect(page1.total).toBe(3);
    const page2 = await list(`sort=name&limit=2&cursor=${page1.nextCursor}`);
    expect(page2.runs.map((r: { name: string }) => r.name)).toEqual(["sgd-a"]);
    expect(page2.nextCursor).toBeNull();
    expect((await list("status=finished")).runs).toHaveLength(0);
    const bad = await call(runs.GET, "GET", `/api/v1/runs?project=${project}&sort=bogus`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("query.sort");
  });

  it("404s for a run list of an unknown project", async () => {
    const r = await call(runs.GET, "GET", `/api/v1/runs?project=${uniqueSlug("missing")}`);
    expect(r.status).toBe(404);
  });
});
