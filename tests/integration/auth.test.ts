import { describe, expect, it, vi } from "vitest";
import { Auth } from "@/lib/server/auth/auth";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import * as projects from "@/app/api/v1/projects/route";
import { getDatabase } from "@/lib/db";
import { createApiKey } from "@/lib/server/keys/create-key";
import { KEY_CACHE_MS } from "@/lib/server/keys/key-cache";
import { revokeApiKey } from "@/lib/server/keys/revoke-key";
import { call, uniqueSlug } from "./http";

// Local mode (the default): the one implicit user may do anything; keys, when sent, are checked and scoped.
async function projectWithKeys() {
  const project = uniqueSlug("auth");
  const run = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project } })).json;
  const db = await getDatabase();
  const write = await createApiKey(db, { projectSlug: project, scope: "write", auth: Auth.operator() });
  const read = await createApiKey(db, { projectSlug: project, scope: "read", auth: Auth.operator() });
  return { project, run, write, read };
}
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const batch = { step: [0], values: { loss: [1] } };
const post = (id: string, headers: Record<string, string> = {}) =>
  call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body: batch, headers });

describe("API keys in local mode", () => {
  it("stores only a hash of the key", async () => {
    const { write } = await projectWithKeys();
    const db = await getDatabase();
    const rows = await db.sql.query<{ hash: string; prefix: string }>(`SELECT hash, prefix FROM api_keys WHERE id = $1`, [write.id]);
    expect(rows[0].hash).not.toContain(write.key);
    expect(rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(write.key.startsWith(rows[0].prefix)).toBe(true);
  });

  it("accepts writes without a key on a loopback server but rejects a wrong one", async () => {
    const { run } = await projectWithKeys();
    expect((await post(run.id)).status).toBe(200);
    const wrong = await post(run.id, bearer("ank_not-a-real-key"));
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe("unauthenticated");
  });

  it("scopes a key: another project's key and a read key are refused writes; a read key reads only its project", async () => {
    const a = await projectWithKeys();
    const b = await projectWithKeys();
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
    const readOther = await call(metrics.GET, "GET", `/api/v1/runs/${b.run.id}/metrics`, { params: { id: b.run.id }, headers: bearer(a.read.key) });
    expect(readOther.status).toBe(403);
    const listed = await call(projects.GET, "GET", "/api/v1/projects", { headers: bearer(a.read.key) });
    expect(listed.json.projects.map((p: { slug: string }) => p.slug)).toEqual([a.project]);
  });

  it("a revoked key is refused at once by the instance that revoked it, though it was just used (and cached)", async () => {
    const a = await projectWithKeys();
    expect((await post(a.run.id, bearer(a.write.key))).status).toBe(200);
    await revokeApiKey(await getDatabase(), { id: a.write.id, auth: Auth.operator() });
    expect((await post(a.run.id, bearer(a.write.key))).status).toBe(401);
  });

  it("a key revoked elsewhere (another instance, by hand) is refused once the key cache's entry is older than KEY_CACHE_MS", async () => {
    const a = await projectWithKeys();
    expect((await post(a.run.id, bearer(a.write.key))).status).toBe(200);
    await (await getDatabase()).sql.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [a.write.id]);
    expect((await post(a.run.id, bearer(a.write.key))).status).toBe(200); // cached: this instance didn't see the revocation
    const now = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(now + KEY_CACHE_MS);
    try {
      expect((await post(a.run.id, bearer(a.write.key))).status).toBe(401);
    } finally {
      clock.mockRestore();
    }
  });
});
