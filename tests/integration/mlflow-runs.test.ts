import { describe, expect, it } from "vitest";
import * as runPage from "@/app/api/v1/runs/[id]/route";
import * as runsTable from "@/app/api/v1/runs/route";
import * as runMetrics from "@/app/api/v1/runs/[id]/metrics/route";
import { historyCacheHits } from "@/lib/server/mlflow/metric-history";
import { getDatabase } from "@/lib/db";
import { call, uniqueSlug } from "./http";
import { mlflowGet, mlflowPost, mlflowPostRaw } from "./mlflow-client";

const T0 = 1_700_000_000_000;

async function newRun(tags: { key: string; value: string }[] = [], runName?: string) {
  const name = uniqueSlug("runs");
  const experimentId = (await mlflowPost("experiments/create", { name })).json.experiment_id as string;
  const created = await mlflowPost("runs/create", { experiment_id: experimentId, start_time: T0, tags, ...(runName ? { run_name: runName } : {}) });
  expect(created.status).toBe(200);
  return { experimentId, slug: name, runId: created.json.run.info.run_id as string };
}

const history = async (runId: string, key: string, extra: Record<string, string | number> = {}) =>
  (await mlflowGet("metrics/get-history", { run_id: runId, run_uuid: runId, metric_key: key, ...extra })).json;

describe("MLflow runs", () => {
  it("create answers MLflow's Run message; get returns it; run_name and mlflow.runName name the Anneal run", async () => {
    const { experimentId, runId, slug } = await newRun(
      [
        { key: "mlflow.user", value: "alice" },
        { key: "team", value: "seg" },
      ],
      "bert-base",
    );
    const got = await mlflowGet("runs/get", { run_uuid: runId, run_id: runId });
    expect(got.json.run.info).toEqual({
      run_id: runId,
      run_uuid: runId,
      run_name: "bert-base",
      experiment_id: experimentId,
      user_id: "alice",
      status: "RUNNING",
      start_time: T0,
      artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
      lifecycle_stage: "active",
    });
    expect(got.json.run.data.tags).toEqual(
      expect.arrayContaining([
        { key: "mlflow.runName", value: "bert-base" },
        { key: "team", value: "seg" },
      ]),
    );
    const anneal = await call(runPage.GET, "GET", `/api/v1/runs/${runId}`, { params: { id: runId } });
    expect(anneal.json).toMatchObject({ name: "bert-base", project: slug, status: "running", tags: ["team:seg"] });
  });

  it("log-batch: params become the interpreted config with Anneal's keys (originals kept), tags the notes and tags", async () => {
    const { runId } = await newRun();
    const params = [
      { key: "learning_rate", value: "5e-05" },
      { key: "optim", value: "adamw_torch" },
      { key: "per_device_train_batch_size", value: "16" },
      { key: "lr_scheduler_type", value: "cosine" },
      { key: "warmup_ratio", value: "0.1" },
      { key: "num_train_epochs", value: "3.0" },
      { key: "max_steps", value: "-1" },
      { key: "weight_decay", value: "0.01" },
      { key: "fp16", value: "True" },
      { key: "seed", value: "42" },
      { key: "run_name", value: "None" },
    ];
    const tags = [
      { key: "mlflow.note.content", value: "first **try**" },
      { key: "dataset", value: "cityscapes" },
    ];
    expect((await mlflowPost("runs/log-batch", { run_id: runId, params, tags })).json).toEqual({});
    const anneal = (await call(runPage.GET, "GET", `/api/v1/runs/${runId}`, { params: { id: runId } })).json;
    expect(anneal.config).toMatchObject({
      lr: 5e-5,
      optimizer: "AdamW",
      batch_size: 16,
      schedule: "cosine",
      warmup_ratio: 0.1,
      epochs: 3,
      weight_decay: 0.01,
      seed: 42,
    });
    expect(anneal.config.max_steps).toBeUndefined();
    expect(anneal.config.original.params).toMatchObject({ learning_rate: 5e-5, optim: "adamw_torch", fp16: true, run_name: null, max_steps: -1 });
    expect(anneal.notes).toBe("first **try**");
    expect(anneal.tags).toContain("dataset:cityscapes");
    const got = (await mlflowGet("runs/get", { run_id: runId })).json.run.data;
    // MLflow's strings come back exactly as logged.
    expect(got.params).toEqual(expect.arrayContaining(params));
    expect(got.params).toHaveLength(params.length);
  });

  it("Ultralytics params (lr0, lrf, cos_lr, batch) map onto Anneal's keys and schedule", async () => {
    const { runId } = await newRun();
    const params = { lr0: "0.01", lrf: "0.01", cos_lr: "False", batch: "16", epochs: "100", optimizer: "SGD", momentum: "0.937", weight_decay: "0.0005" };
    await mlflowPost("runs/log-batch", { run_id: runId, params: Object.entries(params).map(([key, value]) => ({ key, value })) });
    const config = (await call(runPage.GET, "GET", `/api/v1/runs/${runId}`, { params: { id: runId } })).json.config;
    expect(config).toMatchObject({ lr: 0.01, optimizer: "SGD", batch_size: 16, epochs: 100, schedule: "linear", momentum: 0.937, weight_decay: 0.0005 });
  });

  it("params are immutable: the same value again is fine, another value is INVALID_PARAMETER_VALUE and the batch writes nothing", async () => {
    const { runId } = await newRun();
    await mlflowPost("runs/log-parameter", { run_id: runId, run_uuid: runId, key: "lr", value: "0.1" });
    expect((await mlflowPost("runs/log-parameter", { run_id: runId, key: "lr", value: "0.1" })).status).toBe(200);
    const changed = await mlflowPost("runs/log-batch", {
      run_id: runId,
      metrics: [{ key: "loss", value: 1, timestamp: T0, step: 0 }],
      params: [{ key: "lr", value: "0.2" }],
    });
    expect(changed.status).toBe(400);
    expect(changed.json.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect(changed.json.message).toContain("Changing param values is not allowed");
    expect((await history(runId, "loss")).metrics).toEqual([]);
  });

  it("log-batch is all or nothing: one bad metric among 1,000 writes none of them, names the entry", async () => {
    const { runId } = await newRun();
    const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: `m${i % 10}`, value: i, timestamp: T0 + i, step: Math.floor(i / 10) }));
    (metrics[500] as { value: unknown }).value = "oops";
    const bad = await mlflowPost("runs/log-batch", { run_id: runId, metrics, tags: [{ key: "x", value: "y" }] });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error_code: "INVALID_PARAMETER_VALUE", message: expect.stringContaining("metrics[500].value") });
    const data = (await mlflowGet("runs/get", { run_id: runId })).json.run.data;
    expect(data.metrics).toEqual([]);
    expect(data.tags).not.toContainEqual({ key: "x", value: "y" });
  });

  it("log-batch reads the bodies the clients send the same whichever reader takes them: the Python client's indented one, escapes, numbers in strings", async () => {
    // mlflow's message_to_json: json.dumps(indent=2), non-finite doubles as "NaN"/"Infinity"/"-Infinity", int64s as numbers.
    const python = (runId: string) => `{
  "run_id": "${runId}",
  "metrics": [
    {
      "key": "loss",
      "value": "NaN",
      "timestamp": ${T0},
      "step": 0
    },
    {
      "key": "loss",
      "value": "-Infinity",
      "timestamp": ${T0 + 1},
      "step": 1
    },
    {
      "key": "loss",
      "value": 0.30000000000000004,
      "timestamp": ${T0 + 2}
    }
  ]
}`;
    // The same points spelt as only the ordinary reader (JSON.parse + the schema) reads them.
    const escaped = (runId: string) =>
      JSON.stringify({
        run_id: runId,
        metrics: [
          { key: "lo\u0073s", value: "NaN", timestamp: String(T0), step: "0" },
          { key: "loss", value: "-Infinity", timestamp: T0 + 1, step: 1 },
          { key: "loss", value: "0.30000000000000004", timestamp: T0 + 2 },
        ],
      }).replace('"los', '"lo\\u0073');
    const want = [
      { key: "loss", value: "NaN", timestamp: T0, step: 0 },
      { key: "loss", value: 0.30000000000000004, timestamp: T0 + 2, step: 0 },
      { key: "loss", value: "-Infinity", timestamp: T0 + 1, step: 1 },
    ];
    for (const body of [python, escaped]) {
      const { runId } = await newRun();
      const res = await mlflowPostRaw("runs/log-batch", body(runId));
      expect(res.status, res.text).toBe(200);
      const got = (await history(runId, "loss")).metrics as typeof want;
      // step 0 was logged twice: MLflow keeps both, Anneal the last (docs/mlflow.md)
      expect(got).toEqual([want[1], want[2]]);
    }
    // A bare NaN token is not JSON (no MLflow client sends one): MLflow's error, nothing written.
    const { runId } = await newRun();
    const bare = await mlflowPostRaw("runs/log-batch", `{"run_id":"${runId}","metrics":[{"key":"loss","value":NaN,"timestamp":${T0}}]}`);
    expect(bare.status).toBe(400);
    expect(bare.json.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect((await history(runId, "loss")).metrics).toEqual([]);
  });

  it("accepts more than MLflow's 1,000 metrics per log-batch (a minimum, not a maximum)", async () => {
    const { runId } = await newRun();
    const metrics = Array.from({ length: 5000 }, (_, i) => ({ key: "loss", value: 1 / (i + 1), timestamp: T0 + i, step: i }));
    expect((await mlflowPost("runs/log-batch", { run_id: runId, metrics })).status).toBe(200);
    expect((await history(runId, "loss")).metrics).toHaveLength(5000);
  });

  it("log-metric: step defaults to 0, timestamps become the points' times, NaN/Infinity are data, the last value per (key, step) is kept", async () => {
    const { runId } = await newRun();
    await mlflowPost("runs/log-metric", { run_id: runId, key: "loss", value: 2.5, timestamp: T0 });
    await mlflowPost("runs/log-metric", { run_id: runId, key: "loss", value: "NaN", timestamp: T0 + 1000, step: 1 });
    await mlflowPost("runs/log-metric", { run_id: runId, key: "loss", value: "Infinity", timestamp: T0 + 2000, step: 2 });
    await mlflowPost("runs/log-metric", { run_id: runId, key: "loss", value: 1.25, timestamp: T0 + 3000, step: 1 });
    expect((await history(runId, "loss")).metrics).toEqual([
      { key: "loss", value: 2.5, timestamp: T0, step: 0 },
      { key: "loss", value: 1.25, timestamp: T0 + 3000, step: 1 },
      { key: "loss", value: "Infinity", timestamp: T0 + 2000, step: 2 },
    ]);
    const latest = (await mlflowGet("runs/get", { run_id: runId })).json.run.data.metrics;
    expect(latest).toEqual([{ key: "loss", value: "Infinity", timestamp: expect.any(Number), step: 2 }]);
  });

  it("get-history pages with max_results/page_token; get-history-bulk-interval samples each run evenly with run_id", async () => {
    const a = await newRun();
    const b = await newRun();
    for (const { runId } of [a, b]) {
      const metrics = Array.from({ length: 40_000 }, (_, i) => ({ key: "acc", value: i / 40_000, timestamp: T0 + i, step: i * 2 }));
      expect((await mlflowPost("runs/log-batch", { run_id: runId, metrics })).status).toBe(200);
    }
    const page1 = await history(a.runId, "acc", { max_results: 25_000 });
    expect(page1.metrics).toHaveLength(25_000);
    expect(page1.metrics[24_999]).toEqual({ key: "acc", value: 24_999 / 40_000, timestamp: T0 + 24_999, step: 49_998 });
    const page2 = await history(a.runId, "acc", { max_results: 25_000, page_token: page1.next_page_token });
    expect(page2.metrics).toHaveLength(15_000);
    expect(page2.metrics[0].step).toBe(50_000);
    expect(page2.next_page_token).toBeUndefined();
    expect((await history(a.runId, "acc")).metrics).toHaveLength(40_000);
    const bulk = await mlflowGet("metrics/get-history-bulk-interval", {
      run_ids: [a.runId, b.runId],
      metric_key: "acc",
      start_step: 100,
      end_step: 1100,
      max_results: 11,
    });
    expect(bulk.status).toBe(200);
    const steps = bulk.json.metrics.filter((m: { run_id: string }) => m.run_id === b.runId).map((m: { step: number }) => m.step);
    expect(steps[0]).toBe(100);
    expect(steps[steps.length - 1]).toBe(1100);
    expect(steps).toHaveLength(11);
    expect(bulk.json.metrics[0]).toEqual({ key: "acc", value: 50 / 40_000, timestamp: T0 + 50, step: 100, run_id: a.runId });
    const tooMany = await mlflowGet("metrics/get-history-bulk-interval", { run_ids: Array.from({ length: 101 }, (_, i) => `r${i}`), metric_key: "acc" });
    expect(tooMany.status).toBe(400);
  });

  it("get-history answers a repeated read from its cache, and never a stale one: a write through either API is seen at once", async () => {
    const { runId } = await newRun();
    const log = (step: number, value: number) => mlflowPost("runs/log-batch", { run_id: runId, metrics: [{ key: "loss", value, timestamp: T0 + step, step }] });
    await log(0, 3);
    await log(1, 2);
    const read = () => mlflowGet("metrics/get-history", { run_id: runId, metric_key: "loss" });
    const first = await read();
    const hits = historyCacheHits.count;
    const again = await read();
    expect(historyCacheHits.count).toBe(hits + 1);
    expect(again.text).toBe(first.text);
    expect((await read()).text).toBe(first.text); // the cached bytes survive being sent
    await log(2, 1); // the fast append path
    expect((await read()).json.metrics.map((m: { value: number }) => m.value)).toEqual([3, 2, 1]);
    const own = await call(runMetrics.POST, "POST", `/api/v1/runs/${runId}/metrics`, { params: { id: runId }, body: { step: [1], values: { loss: [5] } } });
    expect(own.status).toBe(200);
    expect((await read()).json.metrics.map((m: { value: number }) => m.value)).toEqual([3, 5, 1]);
    // Another page of the same key is its own answer.
    expect((await mlflowGet("metrics/get-history", { run_id: runId, metric_key: "loss", max_results: 1 })).json.metrics).toHaveLength(1);
  });

  it("update ends the run (status, end_time) and renames it; delete/restore soft-delete it; writes to a deleted run are refused", async () => {
    const { runId, slug } = await newRun();
    const upd = await mlflowPost("runs/update", { run_uuid: runId, run_id: runId, status: "FINISHED", end_time: T0 + 60_000, run_name: "renamed" });
    expect(upd.json.run_info).toMatchObject({ run_id: runId, status: "FINISHED", end_time: T0 + 60_000, run_name: "renamed" });
    const anneal = (await call(runPage.GET, "GET", `/api/v1/runs/${runId}`, { params: { id: runId } })).json;
    expect(anneal).toMatchObject({ status: "finished", name: "renamed", endedAt: new Date(T0 + 60_000).toISOString() });
    await mlflowPost("runs/delete", { run_id: runId });
    expect((await mlflowGet("runs/get", { run_id: runId })).json.run.info.lifecycle_stage).toBe("deleted");
    const table = await call(runsTable.GET, "GET", `/api/v1/runs?project=${slug}`);
    expect(table.json.runs).toHaveLength(0);
    const refused = await mlflowPost("runs/log-metric", { run_id: runId, key: "x", value: 1, timestamp: T0 });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toContain("must be in the 'active' state");
    await mlflowPost("runs/restore", { run_id: runId });
    expect((await call(runsTable.GET, "GET", `/api/v1/runs?project=${slug}`)).json.runs).toHaveLength(1);
  });

  it("set-tag and delete-tag keep MLflow tags and Anneal's name, notes and tags in step", async () => {
    const { runId } = await newRun();
    await mlflowPost("runs/set-tag", { run_id: runId, key: "stage", value: "warmup" });
    await mlflowPost("runs/set-tag", { run_id: runId, key: "stage", value: "main" });
    await mlflowPost("runs/set-tag", { run_id: runId, key: "mlflow.runName", value: "tagged-name" });
    let anneal = (await call(runPage.GET, "GET", `/api/v1/runs/${runId}`, { params: { id: runId } })).json;
    expect(anneal.tags).toEqual(["stage:main"]);
    expect(anneal.name).toBe("tagged-name");
    expect((await mlflowPost("runs/delete-tag", { run_id: runId, key: "stage" })).status).toBe(200);
    anneal = (await call(runPage.GET, "GET", `/api/v1/runs/${runId}`, { params: { id: runId } })).json;
    expect(anneal.tags).toEqual([]);
    const missing = await mlflowPost("runs/delete-tag", { run_id: runId, key: "stage" });
    expect(missing.status).toBe(404);
    expect(missing.json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });

  it("log-inputs, log-model and log outputs are kept and returned by get", async () => {
    const { runId } = await newRun();
    const dataset = { name: "cityscapes", digest: "abc123", source_type: "local", source: '{"uri": "/data/cs"}', schema: "{}", profile: '{"num_rows": 10}' };
    const inputs = { run_id: runId, datasets: [{ tags: [{ key: "mlflow.data.context", value: "train" }], dataset }] };
    expect((await mlflowPost("runs/log-inputs", inputs)).json).toEqual({});
    await mlflowPost("runs/log-inputs", inputs);
    await mlflowPost("runs/log-model", { run_id: runId, model_json: JSON.stringify({ artifact_path: "model", flavors: { python_function: {} } }) });
    await mlflowPost("runs/outputs", { run_id: runId, models: [{ model_id: "m-1", step: 10 }] });
    const run = (await mlflowGet("runs/get", { run_id: runId })).json.run;
    expect(run.inputs.dataset_inputs).toEqual([{ tags: [{ key: "mlflow.data.context", value: "train" }], dataset }]);
    expect(run.outputs).toEqual({ model_outputs: [{ model_id: "m-1", step: 10 }] });
    const history = run.data.tags.find((t: { key: string }) => t.key === "mlflow.log-model.history");
    expect(JSON.parse(history.value)).toEqual([{ artifact_path: "model", flavors: { python_function: {} } }]);
  });

  it("search: attribute, param, tag and metric filters with AND, order_by, paging; bad filters are 400", async () => {
    const name = uniqueSlug("search");
    const experimentId = (await mlflowPost("experiments/create", { name })).json.experiment_id;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const run = (await mlflowPost("runs/create", { experiment_id: experimentId, start_time: T0 + i * 1000, run_name: `r${i}` })).json.run.info.run_id;
      ids.push(run);
      await mlflowPost("runs/log-batch", {
        run_id: run,
        metrics: [{ key: "val_acc", value: 0.5 + i / 10, timestamp: T0, step: 1 }],
        params: [{ key: "optimizer", value: i % 2 ? "sgd" : "adamw" }],
        tags: [{ key: "group", value: i < 2 ? "a" : "b" }],
      });
    }
    await mlflowPost("runs/update", { run_id: ids[3], status: "FAILED" });
    const search = (body: object) => mlflowPost("runs/search", { experiment_ids: [experimentId], ...body });
    const names = (r: { json: { runs?: { info: { run_name: string } }[] } }) => (r.json.runs ?? []).map((x) => x.info.run_name);
    expect(names(await search({}))).toEqual(["r3", "r2", "r1", "r0"]);
    expect(names(await search({ filter: "metrics.val_acc > 0.65 AND params.optimizer = 'adamw'" }))).toEqual(["r2"]);
    expect(names(await search({ filter: `tags.group = "b" AND attributes.status = 'FAILED'` }))).toEqual(["r3"]);
    expect(names(await search({ filter: "attributes.run_name LIKE 'r%'", order_by: ["metrics.val_acc ASC"] }))).toEqual(["r0", "r1", "r2", "r3"]);
    expect(names(await search({ filter: `tags."mlflow.runName" IN ('r1', 'r2')`, order_by: ["attributes.start_time ASC"] }))).toEqual(["r1", "r2"]);
    expect(names(await search({ filter: `attributes.start_time >= ${T0 + 2000}` }))).toEqual(["r3", "r2"]);
    const page1 = await search({ max_results: 3, order_by: ["params.optimizer ASC", "attributes.run_name DESC"] });
    expect(names(page1)).toEqual(["r2", "r0", "r3"]);
    const page2 = await search({ max_results: 3, order_by: ["params.optimizer ASC", "attributes.run_name DESC"], page_token: page1.json.next_page_token });
    expect(names(page2)).toEqual(["r1"]);
    await mlflowPost("runs/delete", { run_id: ids[0] });
    expect(names(await search({ run_view_type: "DELETED_ONLY" }))).toEqual(["r0"]);
    expect(names(await search({ run_view_type: "ALL" }))).toHaveLength(4);
    for (const filter of [
      "metrics.val_acc > 'x'",
      "params.optimizer > 'a'",
      "metrics.val_acc >",
      "foo = 1",
      "metrics.a = 1 OR metrics.b = 2",
      "datasets.name = 'x'",
    ]) {
      const bad = await search({ filter });
      expect(bad.status, filter).toBe(400);
      expect(bad.json.error_code).toBe("INVALID_PARAMETER_VALUE");
    }
    expect((await search({ page_token: "garbage" })).status).toBe(400);
  });

  it("an unknown run is RESOURCE_DOES_NOT_EXIST (404) for every run endpoint", async () => {
    expect((await mlflowGet("runs/get", { run_id: "nosuchrun" })).json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    for (const [endpoint, body] of [
      ["runs/log-batch", { run_id: "nosuchrun", metrics: [] }],
      ["runs/update", { run_id: "nosuchrun", status: "FINISHED" }],
      ["runs/set-tag", { run_id: "nosuchrun", key: "a", value: "b" }],
    ] as const) {
      const r = await mlflowPost(endpoint, body);
      expect(r.status, endpoint).toBe(404);
    }
    expect((await mlflowGet("metrics/get-history", { run_id: "nosuchrun", metric_key: "x" })).status).toBe(404);
  });

  it("the run's data lands in Anneal's own storage: the epoch metric feeds the epoch axis", async () => {
    const { runId } = await newRun();
    await mlflowPost("runs/log-batch", {
      run_id: runId,
      metrics: [
        { key: "loss", value: 1, timestamp: T0, step: 10 },
        { key: "epoch", value: 0.5, timestamp: T0, step: 10 },
      ],
    });
    const db = await getDatabase();
    const keys = await db.sql.query<{ key: string }>(`SELECT DISTINCT key FROM metric_chunks WHERE run_id = $1 ORDER BY key`, [runId]);
    expect(keys.map((k) => k.key)).toEqual(["_epoch", "_time", "epoch", "loss"]);
    const anneal = (await call(runPage.GET, "GET", `/api/v1/runs/${runId}`, { params: { id: runId } })).json;
    expect(anneal.hasEpoch).toBe(true);
  });
});
