import { describe, expect, it } from "vitest";
import * as imp from "@/app/api/v1/import/route";
import * as runs from "@/app/api/v1/runs/route";
import * as run from "@/app/api/v1/runs/[id]/route";
import * as heartbeat from "@/app/api/v1/runs/[id]/heartbeat/route";
import * as projects from "@/app/api/v1/projects/route";
import { getDatabase } from "@/lib/db";
import { UPLOAD_LIMITS } from "@/lib/server/import/receive-upload";
import { zipBomb } from "../support/zip-bomb";
import { call, uniqueSlug } from "./http";

// Local mode: these guards hold in every mode (team mode adds sign-in on top: tests/integration/team).
const importRequest = (form: FormData, headers: Record<string, string> = {}) =>
  imp.POST(new Request("http://127.0.0.1:3000/api/v1/import", { method: "POST", body: form, headers }), { params: Promise.resolve({}) });
const csvForm = (project: string, order: "project-first" | "files-first" = "project-first") => {
  const form = new FormData();
  const file = new Blob(["step,loss\n0,1.5\n1,1.2\n"]);
  if (order === "files-first") form.append("files", file, "metrics.csv");
  form.append("project", project);
  if (order === "project-first") form.append("files", file, "metrics.csv");
  return form;
};
const projectExists = async (slug: string) => !!(await (await getDatabase()).prisma.project.findUnique({ where: { slug } }));

describe("DNS rebinding: the Host header", () => {
  it("refuses a foreign Host on reads and writes (421) and answers loopback names", async () => {
    const rebound = await call(projects.GET, "GET", "/api/v1/projects", { headers: { host: "attacker.example:3000" } });
    expect(rebound.status).toBe(421);
    expect(rebound.json.error.code).toBe("misdirected_request");
    const project = uniqueSlug("rebind");
    expect((await call(runs.POST, "POST", "/api/v1/runs", { body: { project }, headers: { host: "attacker.example:3000" } })).status).toBe(421);
    expect(await projectExists(project)).toBe(false);
    expect((await call(projects.GET, "GET", "/api/v1/projects", { headers: { host: "localhost:3000" } })).status).toBe(200);
  });
});

describe("cross-origin writes", () => {
  it("refuses a cross-origin multipart import before reading it: 403, nothing written", async () => {
    const project = uniqueSlug("xo");
    const res = await importRequest(csvForm(project), { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await projectExists(project)).toBe(false);
  });

  it("refuses cross-origin bodiless writes (DELETE, heartbeat) and cross-site Fetch Metadata", async () => {
    const created = await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug("xo") } });
    const id = created.json.id as string;
    const del = await call(run.DELETE, "DELETE", `/api/v1/runs/${id}`, { params: { id }, headers: { origin: "https://evil.example" } });
    expect(del.status).toBe(403);
    const beat = await call(heartbeat.POST, "POST", `/api/v1/runs/${id}/heartbeat`, { params: { id }, headers: { "sec-fetch-site": "cross-site" } });
    expect(beat.status).toBe(403);
    expect((await call(run.GET, "GET", `/api/v1/runs/${id}`, { params: { id } })).status).toBe(200);
    const same = await call(run.DELETE, "DELETE", `/api/v1/runs/${id}`, { params: { id }, headers: { origin: "http://127.0.0.1:3000" } });
    expect(same.status).toBe(204);
  });
});

describe("body limits before parsing", () => {
  it("refuses a JSON body over 1 MiB on a small route with 413, naming the limit", async () => {
    const big = JSON.stringify({ project: uniqueSlug("big"), notes: "x".repeat(2 * 1024 * 1024) });
    const res = await call(runs.POST, "POST", "/api/v1/runs", { rawBody: big, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
    expect(res.json.error.details[0].message).toMatch(/limit 1048576 bytes/);
  });
});

describe("import limits", () => {
  it("needs the project named before the files, so it is authorized before any file is read", async () => {
    const res = await importRequest(csvForm(uniqueSlug("order"), "files-first"));
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe("project");
  });

  it("refuses too many form fields with 413", async () => {
    const form = csvForm(uniqueSlug("fields"));
    for (let i = 0; i <= UPLOAD_LIMITS.fields; i++) form.append(`f${i}`, "x");
    const res = await importRequest(form);
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/form fields/);
  });

  it("refuses a 1 MB zip holding 1 GiB of CSV within seconds, with memory growth well under 512 MiB", async () => {
    const bomb = zipBomb();
    expect(bomb.length).toBeLessThan(1.5 * 1024 * 1024);
    const project = uniqueSlug("bomb");
    const form = new FormData();
    form.append("project", project);
    form.append("preview", "true");
    form.append("files", new Blob([new Uint8Array(bomb)]), "bomb.zip");
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t = performance.now();
    const res = await importRequest(form);
    const seconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    const body = await res.json();
    expect(res.status).toBe(413);
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.details[0].message).toMatch(/zip bomb|decompressed/);
    expect(seconds).toBeLessThan(10);
    expect((peak - rssBefore) / 1024 / 1024).toBeLessThan(256);
    expect(await projectExists(project)).toBe(false);
  }, 60_000);
});
