import { describe, expect, it } from "vitest";
import { getDatabase } from "@/lib/db";
import { Auth } from "@/lib/server/auth/auth";
import { createApiKey } from "@/lib/server/keys/create-key";
import { writeArtifact } from "@/lib/server/mlflow/artifact-store";
import fs from "node:fs";
import path from "node:path";
import * as runPage from "@/app/api/v1/runs/[id]/route";
import { artifactsRoot } from "@/lib/server/mlflow/artifact-store";
import { call, uniqueSlug } from "./http";
import { artifactGet, artifactList, artifactPut, mlflowGet, mlflowPost } from "./mlflow-client";

const T0 = 1_700_000_000_000;

async function experimentWithKeys() {
  const name = uniqueSlug("acc");
  const experimentId = (await mlflowPost("experiments/create", { name })).json.experiment_id as string;
  const runId = (await mlflowPost("runs/create", { experiment_id: experimentId, start_time: T0 })).json.run.info.run_id as string;
  const db = await getDatabase();
  const write = await createApiKey(db, { projectSlug: name, scope: "write", auth: Auth.operator() });
  const read = await createApiKey(db, { projectSlug: name, scope: "read", auth: Auth.operator() });
  return { name, experimentId, runId, write: write.key, read: read.key };
}
const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });
const basic = (user: string, password: string) => ({ headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` } });
const logOne = (runId: string, opts = {}) => mlflowPost("runs/log-metric", { run_id: runId, key: "loss", value: 1, timestamp: T0 }, opts);

// Local mode; where every request needs a key or an account (team mode): tests/integration/team/mlflow-access.test.ts.
describe("MLflow API authentication (MLFLOW_TRACKING_TOKEN, MLFLOW_TRACKING_USERNAME/PASSWORD)", () => {
  it("an unknown key is UNAUTHENTICATED even where keys are optional; so is a malformed Basic header", async () => {
    const a = await experimentWithKeys();
    expect((await logOne(a.runId, bearer("ank_nope"))).json.error_code).toBe("UNAUTHENTICATED");
    expect((await logOne(a.runId, basic("u", "not-a-key"))).status).toBe(401);
    expect((await logOne(a.runId, { headers: { authorization: "Basic bm9jb2xvbg==" } })).status).toBe(401);
  });

  it("a state-changing request from another origin is refused before anything is read", async () => {
    const a = await experimentWithKeys();
    const evil = await logOne(a.runId, { headers: { origin: "http://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.json.error_code).toBe("PERMISSION_DENIED");
    expect((await logOne(a.runId, { headers: { origin: "http://127.0.0.1:3000" } })).status).toBe(200);
    expect((await mlflowGet("metrics/get-history", { run_id: a.runId, metric_key: "loss" })).json.metrics).toHaveLength(1);
  });
});

describe("mlflow-artifacts proxy", () => {
  it("a run deleted for good takes its artifact files with it", async () => {
    const { experimentId, runId } = await experimentWithKeys();
    expect((await artifactPut(`${experimentId}/${runId}/artifacts/plots/lr.png`, "png")).status).toBe(200);
    const folder = path.join(artifactsRoot(), runId);
    expect(fs.existsSync(path.join(folder, "plots", "lr.png"))).toBe(true);
    const deleted = await call(runPage.DELETE, "DELETE", `/api/v1/runs/${runId}`, { params: { id: runId } });
    expect(deleted.status).toBeLessThan(300);
    expect(fs.existsSync(folder)).toBe(false);
  });

  it("PUT stores a file, GET returns its bytes, listing shows files and folders (as HttpArtifactRepository reads them)", async () => {
    const { experimentId, runId } = await experimentWithKeys();
    const root = `${experimentId}/${runId}/artifacts`;
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    expect((await artifactPut(`${root}/plots/lr.png`, png)).json).toEqual({});
    expect((await artifactPut(`${root}/config.yaml`, "lr: 0.1\n")).status).toBe(200);
    const got = await artifactGet(`${root}/plots/lr.png`);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(got.text, "latin1").length).toBeGreaterThan(0);
    expect((await artifactList(root)).json).toEqual({
      files: [
        { path: "config.yaml", is_dir: false, file_size: 8 },
        { path: "plots", is_dir: true },
      ],
    });
    expect((await artifactList(`${root}/plots`)).json.files).toEqual([{ path: "lr.png", is_dir: false, file_size: 11 }]);
    const tracking = await mlflowGet("artifacts/list", { run_id: runId, path: "plots" });
    expect(tracking.json).toEqual({
      root_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
      files: [{ path: "plots/lr.png", is_dir: false, file_size: 11 }],
    });
  });

  it("HTML and unknown types download as bytes with nosniff and a sandbox CSP (user content is never rendered)", async () => {
    const { experimentId, runId } = await experimentWithKeys();
    const root = `${experimentId}/${runId}/artifacts`;
    await artifactPut(`${root}/report.html`, "<script>alert(1)</script>");
    const got = await artifactGet(`${root}/report.html`);
    expect(got.headers.get("content-type")).toBe("application/octet-stream");
    expect(got.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(got.headers.get("content-security-policy")).toContain("sandbox");
  });

  it("refuses path traversal, a run of another experiment, and a missing file", async () => {
    const { experimentId, runId } = await experimentWithKeys();
    const other = await experimentWithKeys();
    for (const bad of [
      `${experimentId}/${runId}/artifacts/../../etc/passwd`,
      `${experimentId}/${runId}/artifacts/a/../../x`,
      `${experimentId}/${runId}/other/x`,
    ]) {
      const r = await artifactPut(bad, "x");
      expect(r.status, bad).toBe(400);
      expect(r.json.error_code).toBe("INVALID_PARAMETER_VALUE");
    }
    expect((await artifactPut(`${experimentId}/${runId}/artifacts/a\\b`, "x")).status).toBe(400);
    expect((await artifactPut(`${other.experimentId}/${runId}/artifacts/x.txt`, "x")).status).toBe(404);
    expect((await artifactGet(`${experimentId}/${runId}/artifacts/nope.txt`)).status).toBe(404);
  });

  it("refuses a file over the size limit and leaves nothing behind", async () => {
    const { experimentId, runId } = await experimentWithKeys();
    const big = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(600));
        c.enqueue(new Uint8Array(600));
        c.close();
      },
    });
    await expect(writeArtifact(runId, "big.bin", big, null, 1000)).rejects.toMatchObject({ code: "RESOURCE_EXHAUSTED" });
    await expect(writeArtifact(runId, "big.bin", null, 5000, 1000)).rejects.toMatchObject({ code: "RESOURCE_EXHAUSTED" });
    expect((await artifactList(`${experimentId}/${runId}/artifacts`)).json.files).toEqual([]);
  });
});
