import { vi, describe, expect, it } from "vitest";
import { getDatabase } from "@/lib/db";
import { Auth } from "@/lib/server/auth/auth";
import { createApiKey } from "@/lib/server/keys/create-key";
import { uniqueSlug } from "../http";
import { artifactGet, artifactPut, mlflowGet, mlflowPost, mlflowPostRaw } from "../mlflow-client";
import { newUser, PASSWORD } from "./world";

vi.hoisted(() => {
  process.env.ANNEAL_MODE = "team";
});

const T0 = 1_700_000_000_000;
const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });
const basic = (user: string, password: string) => ({ headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` } });
const logOne = (runId: string, opts = {}) => mlflowPost("runs/log-metric", { run_id: runId, key: "loss", value: 1, timestamp: T0 }, opts);

/** An experiment created by a user signing in with MLFLOW_TRACKING_USERNAME/PASSWORD (HTTP Basic), with its keys. */
async function experimentWithKeys() {
  const owner = await newUser("mlflow-owner");
  const asOwner = basic(owner.email, PASSWORD);
  const name = uniqueSlug("acc");
  const created = await mlflowPost("experiments/create", { name }, asOwner);
  expect(created.status).toBe(200);
  const experimentId = created.json.experiment_id as string;
  const runId = (await mlflowPost("runs/create", { experiment_id: experimentId, start_time: T0 }, asOwner)).json.run.info.run_id as string;
  const db = await getDatabase();
  const write = await createApiKey(db, { projectSlug: name, scope: "write", auth: Auth.operator() });
  const read = await createApiKey(db, { projectSlug: name, scope: "read", auth: Auth.operator() });
  return { name, experimentId, runId, owner, write: write.key, read: read.key };
}

describe("MLflow API in team mode (every request needs a key or an account)", () => {
  it("no credentials is UNAUTHENTICATED (401); a Bearer key or Basic with the key as password writes; a read key or another project's key is PERMISSION_DENIED (403)", async () => {
    const a = await experimentWithKeys();
    const b = await experimentWithKeys();
    const none = await logOne(a.runId);
    expect(none.status).toBe(401);
    expect(none.json.error_code).toBe("UNAUTHENTICATED");
    expect((await logOne(a.runId, bearer(a.write))).status).toBe(200);
    expect((await logOne(a.runId, basic("alice", a.write))).status).toBe(200);
    const readOnly = await logOne(a.runId, bearer(a.read));
    expect(readOnly.status).toBe(403);
    expect(readOnly.json.error_code).toBe("PERMISSION_DENIED");
    expect((await logOne(a.runId, basic("alice", b.write))).status).toBe(403);
    expect((await mlflowGet("runs/get", { run_id: a.runId }, bearer(a.read))).status).toBe(200);
    expect((await mlflowGet("runs/get", { run_id: a.runId }, bearer(b.read))).status).toBe(403);
    // A project key cannot create projects (experiments); its project is the one it logs to.
    expect((await mlflowPost("experiments/create", { name: uniqueSlug("k") }, bearer(a.write))).status).toBe(403);
    const search = await mlflowPost("experiments/search", {}, bearer(a.read));
    expect(search.json.experiments.map((e: { experiment_id: string }) => e.experiment_id)).toEqual([a.experimentId]);
  });

  it("what the credentials alone decide is decided before the body is read; bodies are bounded per endpoint", async () => {
    const a = await experimentWithKeys();
    // A malformed body would be a 400 if it were read: these callers are refused first.
    const malformed = '{"run_id": "';
    expect((await mlflowPostRaw("runs/log-batch", malformed)).json).toMatchObject({ error_code: "UNAUTHENTICATED" });
    expect((await mlflowPostRaw("runs/log-batch", malformed, bearer(a.read))).json).toMatchObject({ error_code: "PERMISSION_DENIED" });
    expect((await mlflowPostRaw("runs/log-batch", malformed, bearer(a.write))).json).toMatchObject({ error_code: "INVALID_PARAMETER_VALUE" });
    // 5 MB: too big for set-tag (4 MiB), fine for log-batch (64 MiB).
    const value = "x".repeat(5_000_000);
    const tooBig = await mlflowPost("runs/set-tag", { run_id: a.runId, key: "big", value }, bearer(a.write));
    expect(tooBig.status).toBe(413);
    expect(tooBig.json).toMatchObject({ error_code: "RESOURCE_EXHAUSTED" });
    const metrics = Array.from({ length: 60_000 }, (_, i) => ({ key: "loss", value: 1 / (i + 1), timestamp: T0 + i, step: i }));
    const big = JSON.stringify({ run_id: a.runId, metrics });
    expect(big.length).toBeGreaterThan(4 * 1024 * 1024);
    expect((await mlflowPostRaw("runs/log-batch", big, bearer(a.write))).status).toBe(200);
  });

  it("Basic with an account's email and password acts as that user: its own experiments, not others'", async () => {
    const a = await experimentWithKeys();
    const b = await experimentWithKeys();
    expect((await logOne(a.runId, basic(a.owner.email, PASSWORD))).status).toBe(200);
    expect((await mlflowGet("runs/get", { run_id: b.runId }, basic(a.owner.email, PASSWORD))).status).toBe(404);
    const wrong = await logOne(a.runId, basic(a.owner.email, "not the password"));
    expect(wrong.status).toBe(401);
  });

  it("needs the run's write key to upload, its read access to download", async () => {
    const a = await experimentWithKeys();
    const path = `${a.experimentId}/${a.runId}/artifacts/x.txt`;
    expect((await artifactPut(path, "x")).status).toBe(401);
    expect((await artifactPut(path, "x", bearer(a.read))).status).toBe(403);
    expect((await artifactPut(path, "x", bearer(a.write))).status).toBe(200);
    expect((await artifactGet(path, bearer(a.read))).text).toBe("x");
  });
});
