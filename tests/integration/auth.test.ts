import { afterEach, describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import { getDatabase } from "@/lib/db";
import { createApiKey } from "@/lib/server/keys/create-key";
import { revokeApiKey } from "@/lib/server/keys/revoke-key";
import { call, uniqueSlug } from "./http";

async function projectWithKeys() {
  const project = uniqueSlug("auth");
  const run = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project } })).json;
  const db = await getDatabase();
  const write = await createApiKey(db, { projectSlug: project, scope: "write" });
  const read = await createApiKey(db, { projectSlug: project, scope: "read" });
  return { project, run, write, read };
}
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const batch = { step: [0], values: { loss: [1] } };
const post = (id: string, headers: Record<string, string> = {}) =>
  call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body: batch, headers });

afterEach(() => {
  delete process.env.ANNEAL_AUTH;
});

describe("API keys", () => {
  it("stores only a hash of the key", async () => {
    const { write } = await projectWithKeys();
    const db = await getDatabase();
    const rows = await db.sql.query<{ hash: string; prefix: string }>(`SELECT hash, prefix FROM api_keys WHERE id = $1`, [write.id]);
    expect(rows[0].hash).not.toContain(write.key);
    expect(rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(write.key.startsWith(rows[0].prefix)).toBe(true);
  });

  it("on a localhost server, accepts writes without a key but rejects a wrong one", async () => {
    const { run } = await projectWithKeys();
    expect((await post(run.id)).status).toBe(200);
    const wrong = await post(run.id, bearer("ank_not-a-real-key"));
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe("unauthenticated");
  });

  it("when keys are required: 401 without a key, 403 for another project's key or a read key, 200 with the write key", async () => {
    const a = await projectWithKeys();
    const b = await projectWithKeys();
    process.env.ANNEAL_AUTH = "keys";
    const none = await post(a.run.id);
    expect(none.status).toBe(401);
    const other = await post(a.run.id, bearer(b.write.key));
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe("permission_denied");
    expect((await post(a.run.id, bearer(a.read.key))).status).toBe(403);
    expect((await post(a.run.id, bearer(a.write.key))).status).toBe(200);
    const created = await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug("new") }, headers: bearer(a.write.key) });
    expect(created.status).toBe(403);
    const readOk = await call(metrics.GET, "GET", `/api/v1/runs/${a.run.id}/metrics`, { params: { id: a.run.id }, headers: bearer(a.read.key) });
    expect(readOk.status).toBe(200);
    expect(readOk.json.series.loss.y).toEqual([1]);
  });

  it("a revoked key is refused", async () => {
    const a = await projectWithKeys();
    process.env.ANNEAL_AUTH = "keys";
    await revokeApiKey(await getDatabase(), { id: a.write.id });
    expect((await post(a.run.id, bearer(a.write.key))).status).toBe(401);
  });
});
