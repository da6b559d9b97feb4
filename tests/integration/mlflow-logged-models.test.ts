import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDatabase } from "@/lib/db";
import { Auth } from "@/lib/server/auth/auth";
import { createApiKey } from "@/lib/server/keys/create-key";
import { artifactsRoot } from "@/lib/server/mlflow/artifact-store";
import { GRACE_MS, sweepOrphanArtifacts } from "@/lib/server/mlflow/artifact-sweep";
import { uniqueSlug } from "./http";
import { artifactGet, artifactList, artifactPut, mlflowDelete, mlflowGet, mlflowPatch, mlflowPost } from "./mlflow-client";

const T0 = 1_700_000_000_000;

async function experiment() {
  const name = uniqueSlug("lm");
  const experimentId = (await mlflowPost("experiments/create", { name })).json.experiment_id as string;
  const runId = (await mlflowPost("runs/create", { experiment_id: experimentId, start_time: T0 })).json.run.info.run_id as string;
  return { name, experimentId, runId };
}

const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

// MLflow 3's client (mlflow/store/tracking/rest_store.py, mlflow/models/model.py): log_model creates a
// logged model, uploads its files to the model's artifact_uri, records it as the run's output and
// finalizes it; set_active_model searches by name and creates when nothing is found.
describe("MLflow 3 logged models", () => {
  it("mlflow.<flavor>.log_model's calls: create (PENDING) → files to the model's artifact_uri → runs/outputs → finalize (READY) → get", async () => {
    const { experimentId, runId } = await experiment();
    const created = await mlflowPost("logged-models", {
      experiment_id: experimentId,
      name: "model",
      source_run_id: runId,
      params: [{ key: "alpha", value: "0.5" }],
      tags: [{ key: "mlflow.source.name", value: "train.py" }],
    });
    expect(created.status).toBe(200);
    const info = created.json.model.info;
    const modelId = info.model_id as string;
    expect(modelId).toMatch(/^m-[0-9a-f]{32}$/);
    expect(info).toMatchObject({
      experiment_id: experimentId,
      name: "model",
      source_run_id: runId,
      status: "LOGGED_MODEL_PENDING",
      artifact_uri: `mlflow-artifacts:/${experimentId}/models/${modelId}/artifacts`,
      tags: [{ key: "mlflow.source.name", value: "train.py" }],
    });
    expect(created.json.model.data).toEqual({ params: [{ key: "alpha", value: "0.5" }], metrics: [] });
    expect(info.creation_timestamp_ms).toEqual(expect.any(Number));

    // HttpArtifactRepository on the model's artifact_uri.
    const base = `${experimentId}/models/${modelId}/artifacts`;
    expect((await artifactPut(`${base}/MLmodel`, "flavors:\n  sklearn: {}\n")).status).toBe(200);
    expect((await artifactPut(`${base}/model.pkl`, new Uint8Array([1, 2, 3]))).status).toBe(200);
    expect((await artifactList(base)).json.files.map((f: { path: string }) => f.path)).toEqual(["MLmodel", "model.pkl"]);
    expect((await artifactGet(`${base}/MLmodel`)).text).toContain("sklearn");

    expect((await mlflowPost("runs/outputs", { run_id: runId, models: [{ model_id: modelId, step: 0 }] })).status).toBe(200);
    const finalized = await mlflowPatch(`logged-models/${modelId}`, { model_id: modelId, status: "LOGGED_MODEL_READY" });
    expect(finalized.status).toBe(200);
    expect(finalized.json.model.info.status).toBe("LOGGED_MODEL_READY");
    const got = await mlflowGet(`logged-models/${modelId}`);
    expect(got.json.model).toEqual(finalized.json.model);
    expect((await mlflowGet("runs/get", { run_id: runId })).json.run.outputs).toEqual({ model_outputs: [{ model_id: modelId, step: 0 }] });
    // A model's files are not a run's: the orphan sweep keeps them.
    const root = artifactsRoot();
    expect(existsSync(path.join(root, modelId, "MLmodel"))).toBe(true);
  });

  it("set_active_model(name=…): search by name finds nothing, create, then search finds it; filters, order and paging", async () => {
    const { experimentId } = await experiment();
    const search = (body: object) => mlflowPost("logged-models/search", { experiment_ids: [experimentId], ...body });
    expect((await search({ filter: "name = 'agent-v1'", max_results: 2 })).json).toEqual({ models: [] });
    const a = (await mlflowPost("logged-models", { experiment_id: experimentId, name: "agent-v1" })).json.model.info;
    expect((await search({ filter: "name = 'agent-v1'", max_results: 2 })).json.models.map((m: { info: { model_id: string } }) => m.info.model_id)).toEqual([
      a.model_id,
    ]);
    const b = (await mlflowPost("logged-models", { experiment_id: experimentId, name: "agent-v2", model_type: "Agent", tags: [{ key: "team", value: "seg" }] }))
      .json.model.info;
    // No name: named by its id, as MLflow names it at random.
    const c = (await mlflowPost("logged-models", { experiment_id: experimentId })).json.model.info;
    expect(c.name).toBe(c.model_id);
    const ids = (r: { json: { models: { info: { model_id: string } }[] } }) => r.json.models.map((m) => m.info.model_id);
    expect(ids(await search({ filter: "tags.team = 'seg' AND model_type = 'Agent'" }))).toEqual([b.model_id]);
    expect(ids(await search({ filter: "name LIKE 'agent-%'", order_by: [{ field_name: "name", ascending: false }] }))).toEqual([b.model_id, a.model_id]);
    const page1 = await search({ max_results: 2, order_by: [{ field_name: "creation_timestamp", ascending: true }] });
    expect(ids(page1)).toEqual([a.model_id, b.model_id]);
    const page2 = await search({ max_results: 2, order_by: [{ field_name: "creation_timestamp", ascending: true }], page_token: page1.json.next_page_token });
    expect(ids(page2)).toEqual([c.model_id]);
    expect(page2.json.next_page_token).toBeUndefined();
    const bad = await search({ filter: "metrics.accuracy > 0.9" });
    expect(bad.status).toBe(400);
    expect(bad.json.error_code).toBe("INVALID_PARAMETER_VALUE");
  });

  it("tags are set and deleted, params logged in batches and immutable; delete removes the model and its files", async () => {
    const { experimentId } = await experiment();
    const id = (await mlflowPost("logged-models", { experiment_id: experimentId, name: "m" })).json.model.info.model_id as string;
    expect(
      (
        await mlflowPatch(`logged-models/${id}/tags`, {
          tags: [
            { key: "stage", value: "dev" },
            { key: "owner", value: "ada" },
          ],
        })
      ).status,
    ).toBe(200);
    expect((await mlflowDelete(`logged-models/${id}/tags/owner`)).status).toBe(200);
    expect((await mlflowDelete(`logged-models/${id}/tags/owner`)).json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    const params = Array.from({ length: 150 }, (_, i) => ({ key: `p${i}`, value: String(i) }));
    expect((await mlflowPost(`logged-models/${id}/params`, { model_id: id, params: params.slice(0, 100) })).status).toBe(200);
    expect((await mlflowPost(`logged-models/${id}/params`, { model_id: id, params: params.slice(100) })).status).toBe(200);
    const changed = await mlflowPost(`logged-models/${id}/params`, { model_id: id, params: [{ key: "p1", value: "other" }] });
    expect(changed.status).toBe(400);
    const model = (await mlflowGet(`logged-models/${id}`)).json.model;
    expect(model.info.tags).toEqual([{ key: "stage", value: "dev" }]);
    expect(model.data.params).toHaveLength(150);
    expect(model.info.last_updated_timestamp_ms).toBeGreaterThanOrEqual(model.info.creation_timestamp_ms);

    const file = `${experimentId}/models/${id}/artifacts/model.pkl`;
    expect((await artifactPut(file, "weights")).status).toBe(200);
    expect((await mlflowDelete(`logged-models/${id}`, { model_id: id })).status).toBe(200);
    expect((await mlflowGet(`logged-models/${id}`)).json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    expect(existsSync(path.join(artifactsRoot(), id))).toBe(false);
    expect((await artifactGet(file)).status).toBe(404);
  });

  it("refuses what the caller may not do, and bad input with MLflow's errors", async () => {
    const a = await experiment();
    const b = await experiment();
    const db = await getDatabase();
    const readKey = (await createApiKey(db, { projectSlug: a.name, scope: "read", auth: Auth.operator() })).key;
    const otherKey = (await createApiKey(db, { projectSlug: b.name, scope: "write", auth: Auth.operator() })).key;
    const id = (await mlflowPost("logged-models", { experiment_id: a.experimentId, name: "m" })).json.model.info.model_id as string;
    expect((await mlflowPost("logged-models", { experiment_id: a.experimentId }, bearer(readKey))).status).toBe(403);
    expect((await mlflowGet(`logged-models/${id}`, {}, bearer(readKey))).status).toBe(200);
    expect((await mlflowGet(`logged-models/${id}`, {}, bearer(otherKey))).status).toBe(403);
    expect((await mlflowPatch(`logged-models/${id}`, { status: "LOGGED_MODEL_READY" }, bearer(otherKey))).status).toBe(403);
    expect((await mlflowPost("logged-models/search", { experiment_ids: [a.experimentId] }, bearer(otherKey))).status).toBe(403);
    expect((await artifactPut(`${a.experimentId}/models/${id}/artifacts/x`, "x", bearer(otherKey))).status).toBe(403);
    // The model's files are reachable only under its own experiment.
    expect((await artifactPut(`${b.experimentId}/models/${id}/artifacts/x`, "x")).status).toBe(404);
    expect((await mlflowGet("logged-models/m-nope")).status).toBe(404);
    expect((await mlflowPatch(`logged-models/${id}`, { status: "LOGGED_MODEL_PENDING" })).json.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect((await mlflowPost("logged-models", { experiment_id: a.experimentId, source_run_id: b.runId })).status).toBe(400);
    expect((await mlflowPost("logged-models", { experiment_id: "424242" })).json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });

  it("the orphan sweep keeps a logged model's folder and removes a deleted one's", async () => {
    const { experimentId } = await experiment();
    const id = (await mlflowPost("logged-models", { experiment_id: experimentId })).json.model.info.model_id as string;
    const root = await mkdtemp(path.join(tmpdir(), "anneal-lm-sweep-"));
    try {
      const old = new Date(Date.now() - 2 * GRACE_MS);
      for (const name of [id, "m-0000000000000000000000000000dead"]) {
        await mkdir(path.join(root, name));
        await utimes(path.join(root, name), old, old);
      }
      expect(await sweepOrphanArtifacts(await getDatabase(), { root })).toEqual({ removed: ["m-0000000000000000000000000000dead"] });
      expect(existsSync(path.join(root, id))).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
