import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as runPage from "@/app/api/v1/runs/[id]/route";
import * as analysis from "@/app/api/v1/runs/[id]/analysis/route";
import { call, uniqueSlug } from "./http";
import { startMlflowServer } from "./mlflow-http-server";
import { artifactList, artifactPut, mlflowGet, mlflowPost } from "./mlflow-client";

const T0 = 1_700_000_000_000;

/** A cosine LR with linear warmup, as HF Trainer's get_cosine_schedule_with_warmup produces. */
const cosineLr = (step: number, total: number, warmup: number, peak: number) =>
  step < warmup ? (peak * step) / warmup : peak * 0.5 * (1 + Math.cos((Math.PI * (step - warmup)) / (total - warmup)));

describe("HF Trainer's MLflowCallback: the call sequence of transformers/integrations/integration_utils.py (mlflow ≥ 2.8, fluent API)", () => {
  it("set_experiment → start_run → log_params in batches of 100 → set_tags → log_metrics every logging_steps → artifact → end_run", async () => {
    const experimentName = uniqueSlug("hf");
    // mlflow.set_experiment(MLFLOW_EXPERIMENT_NAME): get-by-name, create on RESOURCE_DOES_NOT_EXIST, then get.
    expect((await mlflowGet("experiments/get-by-name", { experiment_name: experimentName })).status).toBe(404);
    const experimentId = (await mlflowPost("experiments/create", { name: experimentName })).json.experiment_id;
    expect((await mlflowGet("experiments/get", { experiment_id: experimentId })).json.experiment.lifecycle_stage).toBe("active");
    // mlflow.start_run(run_name=args.run_name): the context tags MLflow resolves, and run_name.
    const created = await mlflowPost("runs/create", {
      experiment_id: experimentId,
      start_time: T0,
      tags: [
        { key: "mlflow.user", value: "alice" },
        { key: "mlflow.source.name", value: "train.py" },
        { key: "mlflow.source.type", value: "LOCAL" },
        { key: "mlflow.source.git.commit", value: "0123abcd" },
      ],
      run_name: "bert-cosine",
    });
    const runId = created.json.run.info.run_id;
    // args.to_dict() merged with model.config.to_dict(): ~150 values, str()-ed by MLflow, logged 100 per log-batch.
    const combined: Record<string, string> = {
      learning_rate: "5e-05",
      lr_scheduler_type: "cosine",
      warmup_steps: "100",
      optim: "adamw_torch",
      weight_decay: "0.0",
      per_device_train_batch_size: "8",
      num_train_epochs: "3.0",
      max_steps: "1000",
      adam_beta1: "0.9",
      report_to: "['mlflow']",
      label2id: "{'NEGATIVE': 0, 'POSITIVE': 1}",
    };
    for (let i = 0; Object.keys(combined).length < 150; i++) combined[`model_option_${i}`] = String(i % 3 === 0 ? "None" : i);
    const items = Object.entries(combined);
    for (let i = 0; i < items.length; i += 100) {
      const batch = await mlflowPost("runs/log-batch", { run_id: runId, params: items.slice(i, i + 100).map(([key, value]) => ({ key, value })) });
      expect(batch.status).toBe(200);
    }
    // MLFLOW_TAGS
    await mlflowPost("runs/log-batch", { run_id: runId, tags: [{ key: "release.candidate", value: "RC1" }] });
    // on_log every logging_steps=10: loss, grad_norm, learning_rate, epoch at state.global_step; on_evaluate: eval_* metrics.
    for (let step = 10; step <= 1000; step += 10) {
      const metrics = [
        { key: "loss", value: 2 * Math.exp(-step / 300) + 0.1, timestamp: T0 + step * 100, step },
        { key: "grad_norm", value: 1.5, timestamp: T0 + step * 100, step },
        { key: "learning_rate", value: cosineLr(step, 1000, 100, 5e-5), timestamp: T0 + step * 100, step },
        { key: "epoch", value: (3 * step) / 1000, timestamp: T0 + step * 100, step },
      ];
      if (step % 100 === 0) metrics.push({ key: "eval_accuracy", value: 0.9 - 0.4 * Math.exp(-step / 250), timestamp: T0 + step * 100, step });
      expect((await mlflowPost("runs/log-batch", { run_id: runId, metrics })).status).toBe(200);
    }
    // HF_MLFLOW_LOG_ARTIFACTS: a checkpoint file through the artifact proxy.
    expect((await artifactPut(`${experimentId}/${runId}/artifacts/checkpoint-1000/config.json`, '{"model_type":"bert"}')).status).toBe(200);
    // on_train_end → mlflow.end_run() → set_terminated: update FINISHED with end_time.
    const ended = await mlflowPost("runs/update", { run_uuid: runId, run_id: runId, status: "FINISHED", end_time: T0 + 200_000 });
    expect(ended.json.run_info.status).toBe("FINISHED");

    // What Anneal makes of it.
    const run = (await call(runPage.GET, "GET", `/api/v1/runs/${runId}`, { params: { id: runId } })).json;
    expect(run).toMatchObject({ name: "bert-cosine", status: "finished", hasEpoch: true, lastStep: 1000 });
    expect(run.config).toMatchObject({ lr: 5e-5, optimizer: "AdamW", schedule: "cosine", batch_size: 8, epochs: 3, max_steps: 1000, warmup_steps: 100 });
    expect(run.tags).toContain("release.candidate:RC1");
    const diag = (await call(analysis.GET, "GET", `/api/v1/runs/${runId}/analysis`, { params: { id: runId } })).json;
    expect(diag.schedule.lrKey).toBe("learning_rate");
    expect(diag.schedule.type).toBe("cosine");
    expect(diag.schedule.warmup).toBeTruthy();
    const data = (await mlflowGet("runs/get", { run_id: runId })).json.run.data;
    expect(data.params).toHaveLength(150);
    expect(data.metrics.map((m: { key: string }) => m.key).sort()).toEqual(["epoch", "eval_accuracy", "grad_norm", "learning_rate", "loss"]);
    expect((await artifactList(`${experimentId}/${runId}/artifacts/checkpoint-1000`)).json.files).toEqual([
      { path: "config.json", is_dir: false, file_size: 21 },
    ]);
  });
});

describe("Lightning's MLFlowLogger: the call sequence of lightning/pytorch/loggers/mlflow.py (MlflowClient)", () => {
  it("get_experiment_by_name → create_experiment → create_run(tags incl. mlflow.runName) → log_batch(params) → log_batch(metrics) → get_run → set_terminated", async () => {
    const experimentName = uniqueSlug("lightning");
    expect((await mlflowGet("experiments/get-by-name", { experiment_name: experimentName })).json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    const experimentId = (await mlflowPost("experiments/create", { name: experimentName })).json.experiment_id;
    // create_run(experiment_id, tags=resolve_tags(self.tags)): no run_name field, the name comes as the mlflow.runName tag.
    const created = await mlflowPost("runs/create", {
      experiment_id: experimentId,
      start_time: T0,
      tags: [
        { key: "mlflow.runName", value: "unet-sgd" },
        { key: "mlflow.user", value: "bob" },
        { key: "mlflow.source.name", value: "fit.py" },
        { key: "mlflow.source.type", value: "LOCAL" },
      ],
    });
    const runId = created.json.run.info.run_id;
    expect(created.json.run.info.run_name).toBe("unet-sgd");
    // log_hyperparams: flattened, str(v)[:250], chunks of 100.
    const hparams = { lr: "0.01", optimizer: "SGD", momentum: "0.9", batch_size: "16", max_epochs: "20", "model/backbone": "resnet50", scheduler: "poly" };
    await mlflowPost("runs/log-batch", { run_id: runId, params: Object.entries(hparams).map(([key, value]) => ({ key, value })) });
    // log_metrics: one log_batch per call, timestamp_ms shared, step or 0; LearningRateMonitor logs lr-SGD.
    for (let step = 0; step < 400; step += 50) {
      const ts = T0 + step * 10;
      const lr = 0.01 * (1 - step / 400) ** 0.9;
      await mlflowPost("runs/log-batch", {
        run_id: runId,
        metrics: [
          { key: "lr-SGD", value: lr, timestamp: ts, step },
          { key: "train_loss", value: 1 / (1 + step / 100), timestamp: ts, step },
          { key: "epoch", value: Math.floor(step / 20), timestamp: ts, step },
        ],
      });
    }
    await mlflowPost("runs/log-batch", { run_id: runId, metrics: [{ key: "val_loss", value: 0.4, timestamp: T0 + 4000, step: 399 }] });
    // finalize("success"): get_run, then set_terminated(run_id, "FINISHED").
    expect((await mlflowGet("runs/get", { run_id: runId, run_uuid: runId })).status).toBe(200);
    const done = await mlflowPost("runs/update", { run_uuid: runId, run_id: runId, status: "FINISHED", end_time: T0 + 5000 });
    expect(done.status).toBe(200);
    const run = (await call(runPage.GET, "GET", `/api/v1/runs/${runId}`, { params: { id: runId } })).json;
    expect(run).toMatchObject({ name: "unet-sgd", status: "finished" });
    expect(run.config).toMatchObject({ lr: 0.01, optimizer: "SGD", momentum: 0.9, batch_size: 16, epochs: 20, schedule: "poly" });
    const diag = (await call(analysis.GET, "GET", `/api/v1/runs/${runId}/analysis`, { params: { id: runId } })).json;
    expect(diag.schedule.lrKey).toBe("lr-SGD");
  });
});

describe("the npm `mlflow` package (an independent Node client) over real HTTP", () => {
  let server: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    server = await startMlflowServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("creates an experiment and a run, logs metrics/params/tags/batches, searches, reads history and lists artifacts", async () => {
    // The package logs every POST body to the console; keep the test output readable.
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const { default: MLflow } = (await import("mlflow")) as unknown as { default: new (o: { endpoint: string }) => any };
      const client = new MLflow({ endpoint: server.url });
      const name = uniqueSlug("npm");
      const { experiment_id } = await client.Experiments.create({ name });
      expect(experiment_id).toMatch(/^\d+$/);
      const { experiment } = await client.Experiments.get({ experiment_id });
      expect(experiment.name).toBe(name);
      const listed = await client.Experiments.list();
      expect(listed.experiments.map((e: { name: string }) => e.name)).toContain(name);
      const { run } = await client.Runs.create({ experiment_id, start_time: T0, tags: [{ key: "mlflow.runName", value: "npm-run" }] });
      const run_id = run.info.run_id;
      await client.Runs.logMetric({ run_id, key: "loss", value: 0.5, timestamp: T0, step: 1 });
      await client.Runs.logParameter({ run_id, key: "lr", value: "0.001" });
      await client.Runs.setTag({ run_id, key: "env", value: "ci" });
      await client.Runs.logBatch({ run_id, metrics: [{ key: "loss", value: 0.25, timestamp: T0 + 1, step: 2 }], params: [], tags: [] });
      const history = await client.Metrics.getHistory({ run_id, metric_key: "loss" });
      expect(history.metrics.map((m: { value: number }) => m.value)).toEqual([0.5, 0.25]);
      const { runs } = await client.Runs.search({ experiment_ids: [experiment_id], filter: "params.lr = '0.001'" });
      expect(runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([run_id]);
      await artifactPut(`${experiment_id}/${run_id}/artifacts/notes.txt`, "hello");
      const files = await client.Artifacts.list({ run_id });
      expect(files.files).toEqual([{ path: "notes.txt", is_dir: false, file_size: 5 }]);
      await client.Runs.update({ run_id, status: "FINISHED", end_time: T0 + 10 });
      expect((await client.Runs.get({ run_id })).run.info.status).toBe("FINISHED");
      await client.Runs.delete({ run_id });
      expect((await client.Runs.get({ run_id })).run.info.lifecycle_stage).toBe("deleted");
      // Errors reach the client as MLflow's error JSON with MLflow's status.
      await expect(client.Runs.get({ run_id: "missing" })).rejects.toThrow(/RESOURCE_DOES_NOT_EXIST/);
    } finally {
      log.mockRestore();
    }
  });
});

describe("MLflow 3's fluent API (mlflow/tracking/fluent.py, 3.x): a plain log_metric workflow", () => {
  it("log_metric and log_batch carry model_id / dataset_name / dataset_digest (null without an active model or dataset); both are accepted", async () => {
    const experimentId = ((await mlflowPost("experiments/create", { name: uniqueSlug("mlflow3") })).json as { experiment_id: string }).experiment_id;
    const created = (await mlflowPost("runs/create", { experiment_id: experimentId, start_time: T0, run_name: "v3" })).json as {
      run: { info: { run_id: string } };
    };
    const runId = created.run.info.run_id;
    // RestStore.log_metric in 3.x: LogMetric with the three new fields.
    const one = await mlflowPost("runs/log-metric", {
      run_uuid: runId,
      run_id: runId,
      key: "loss",
      value: 0.5,
      timestamp: T0,
      step: 0,
      model_id: null,
      dataset_name: null,
      dataset_digest: null,
    });
    expect(one.status).toBe(200);
    // log_metrics → log_batch: each Metric message with the fields, set when a model is active.
    const batch = await mlflowPost("runs/log-batch", {
      run_id: runId,
      metrics: [1, 2].map((step) => ({
        key: "loss",
        value: 1 / (step + 1),
        timestamp: T0 + step,
        step,
        model_id: "m-123",
        dataset_name: "train",
        dataset_digest: "abc",
      })),
    });
    expect(batch.status).toBe(200);
    const history = ((await mlflowGet("metrics/get-history", { run_id: runId, metric_key: "loss" })).json as { metrics: { step: number }[] }).metrics;
    expect(history.map((m) => m.step)).toEqual([0, 1, 2]);
    expect((await mlflowPost("runs/update", { run_id: runId, status: "FINISHED", end_time: T0 + 10 })).status).toBe(200);
  });
});
