import "server-only";
import { z } from "zod";
import * as R from "@/lib/mlflow/requests";
import { readLogBatch, type ReadLogBatch } from "@/lib/mlflow/log-batch-reader";
import { runIdOf } from "@/lib/mlflow/requests";
import { deleteArtifact, listArtifacts, readArtifact, writeArtifact } from "./artifact-store";
import { resolveArtifactPath } from "./artifact-access";
import { deleteExperiment, renameExperiment, restoreExperiment, setExperimentTag } from "./change-experiment";
import { setRunDeleted, updateMlflowRun } from "./change-mlflow-run";
import { createExperiment } from "./create-experiment";
import { createMlflowRun } from "./create-mlflow-run";
import { experimentJson } from "./experiment-view";
import { findExperiment, findExperimentByName } from "./find-experiment";
import { findMlflowRun } from "./find-mlflow-run";
import { deleteRunTag, logBatch, logModel } from "./log-batch";
import { logInputs, logOutputs } from "./log-io";
import {
  createLoggedModel,
  deleteLoggedModel,
  deleteLoggedModelTag,
  finalizeLoggedModel,
  getLoggedModel,
  logLoggedModelParams,
  searchLoggedModels,
  setLoggedModelTags,
} from "./logged-models";
import { getMetricHistory, getMetricHistoryBulkInterval } from "./metric-history";
import { endpoint, MAX_MLFLOW_BODY_BYTES } from "./route";
import { runArtifactUri, runJson } from "./run-json";
import { searchExperiments } from "./search-experiments";
import { searchRuns } from "./search-runs";
import { doesNotExist } from "@/lib/mlflow/errors";

/**
 * MLflow's tracking REST API 2.0 as Anneal serves it, under /api/2.0/mlflow/ and
 * /ajax-api/2.0/mlflow/ (docs/mlflow.md lists every endpoint and difference).
 */
export const TRACKING_ENDPOINTS = [
  endpoint({
    method: "POST",
    path: "experiments/create",
    access: "write",
    request: R.ZCreateExperiment,
    handle: ({ db, auth, req }) => createExperiment(db, { name: req.name, tags: req.tags, auth }),
  }),
  endpoint({
    method: "GET",
    path: "experiments/get",
    access: "read",
    request: R.ZExperimentRef,
    async handle({ db, auth, req }) {
      const p = await findExperiment(db, req.experiment_id);
      auth.require(p.id, "read");
      return { experiment: experimentJson(p) };
    },
  }),
  endpoint({
    method: "GET",
    path: "experiments/get-by-name",
    access: "read",
    request: R.ZGetExperimentByName,
    async handle({ db, auth, req }) {
      const p = await findExperimentByName(db, req.experiment_name);
      if (!p) throw doesNotExist(`Could not find experiment with name '${req.experiment_name}'`);
      auth.require(p.id, "read");
      return { experiment: experimentJson(p) };
    },
  }),
  ...(["GET", "POST"] as const).map((method) =>
    endpoint({
      method,
      path: "experiments/search",
      access: "read",
      request: R.ZSearchExperiments,
      handle: ({ db, auth, req }) =>
        searchExperiments(db, {
          filter: req.filter,
          orderBy: req.order_by,
          viewType: req.view_type,
          maxResults: req.max_results,
          pageToken: req.page_token,
          auth,
        }),
    }),
  ),
  // MLflow 1.x's ListExperiments (removed in 2.0), still sent by older clients such as the npm `mlflow` package.
  endpoint({
    method: "GET",
    path: "experiments/list",
    access: "read",
    request: R.ZSearchExperiments,
    handle: ({ db, auth, req }) => searchExperiments(db, { viewType: req.view_type, maxResults: req.max_results, pageToken: req.page_token, auth }),
  }),
  endpoint({
    method: "POST",
    path: "experiments/update",
    access: "write",
    request: R.ZUpdateExperiment,
    handle: ({ db, auth, req }) => renameExperiment(db, { experimentId: req.experiment_id, newName: req.new_name, auth }),
  }),
  endpoint({
    method: "POST",
    path: "experiments/delete",
    access: "write",
    request: R.ZExperimentRef,
    handle: ({ db, auth, req }) => deleteExperiment(db, { experimentId: req.experiment_id, auth }),
  }),
  endpoint({
    method: "POST",
    path: "experiments/restore",
    access: "write",
    request: R.ZExperimentRef,
    handle: ({ db, auth, req }) => restoreExperiment(db, { experimentId: req.experiment_id, auth }),
  }),
  endpoint({
    method: "POST",
    path: "experiments/set-experiment-tag",
    access: "write",
    request: R.ZSetExperimentTag,
    handle: ({ db, auth, req }) => setExperimentTag(db, { experimentId: req.experiment_id, key: req.key, value: req.value, auth }),
  }),
  endpoint({
    method: "POST",
    path: "experiments/delete-experiment-tag",
    access: "write",
    request: R.ZDeleteExperimentTag,
    handle: ({ db, auth, req }) => setExperimentTag(db, { experimentId: req.experiment_id, key: req.key, value: null, auth }),
  }),
  endpoint({
    method: "POST",
    path: "runs/create",
    access: "write",
    request: R.ZCreateRun,
    handle: ({ db, auth, req }) =>
      createMlflowRun(db, { experimentId: req.experiment_id, userId: req.user_id, runName: req.run_name, startTime: req.start_time, tags: req.tags, auth }),
  }),
  endpoint({
    method: "GET",
    path: "runs/get",
    access: "read",
    request: R.ZRunRef,
    async handle({ db, auth, req }) {
      const run = await findMlflowRun(db, runIdOf(req));
      auth.require(run.projectId, "read");
      return { run: runJson(run) };
    },
  }),
  endpoint({
    method: "POST",
    path: "runs/update",
    access: "write",
    request: R.ZUpdateRun,
    handle: ({ db, auth, req }) => updateMlflowRun(db, { runId: runIdOf(req), status: req.status, endTime: req.end_time, runName: req.run_name, auth }),
  }),
  endpoint({
    method: "POST",
    path: "runs/delete",
    access: "write",
    request: R.ZRunRef,
    handle: ({ db, auth, req }) => setRunDeleted(db, { runId: runIdOf(req), deleted: true, auth }),
  }),
  endpoint({
    method: "POST",
    path: "runs/restore",
    access: "write",
    request: R.ZRunRef,
    handle: ({ db, auth, req }) => setRunDeleted(db, { runId: runIdOf(req), deleted: false, auth }),
  }),
  endpoint({
    method: "POST",
    path: "runs/log-metric",
    access: "write",
    request: R.ZLogMetric,
    handle: ({ db, auth, req }) =>
      logBatch(db, { runId: runIdOf(req), metrics: [{ key: req.key, value: req.value, timestamp: req.timestamp, step: req.step }], auth }),
  }),
  endpoint({
    method: "POST",
    path: "runs/log-parameter",
    access: "write",
    request: R.ZLogParam,
    handle: ({ db, auth, req }) => logBatch(db, { runId: runIdOf(req), params: [{ key: req.key, value: req.value }], auth }),
  }),
  endpoint({
    method: "POST",
    path: "runs/set-tag",
    access: "write",
    request: R.ZSetTag,
    handle: ({ db, auth, req }) => logBatch(db, { runId: runIdOf(req), tags: [{ key: req.key, value: req.value }], auth }),
  }),
  endpoint({
    method: "POST",
    path: "runs/delete-tag",
    access: "write",
    request: R.ZDeleteTag,
    handle: ({ db, auth, req }) => deleteRunTag(db, { runId: runIdOf(req), key: req.key, auth }),
  }),
  // A metrics-only batch is read from its bytes into columns; any other body goes through JSON.parse and ZLogBatch.
  endpoint<z.output<typeof R.ZLogBatch> | ReadLogBatch>({
    method: "POST",
    path: "runs/log-batch",
    access: "write",
    request: R.ZLogBatch,
    maxBody: MAX_MLFLOW_BODY_BYTES,
    readBytes: readLogBatch,
    handle: ({ db, auth, req }) =>
      logBatch(db, {
        runId: runIdOf(req),
        metrics: req.metrics,
        params: "params" in req ? req.params : undefined,
        tags: "tags" in req ? req.tags : undefined,
        auth,
      }),
  }),
  endpoint({
    method: "POST",
    path: "runs/log-model",
    access: "write",
    request: R.ZLogModel,
    handle: ({ db, auth, req }) => logModel(db, { runId: runIdOf(req), modelJson: req.model_json, auth }),
  }),
  endpoint({
    method: "POST",
    path: "runs/log-inputs",
    access: "write",
    request: R.ZLogInputs,
    handle: ({ db, auth, req }) => logInputs(db, { runId: runIdOf(req), datasets: req.datasets, models: req.models, auth }),
  }),
  endpoint({
    method: "POST",
    path: "runs/outputs",
    access: "write",
    request: R.ZLogOutputs,
    handle: ({ db, auth, req }) => logOutputs(db, { runId: runIdOf(req), models: req.models, auth }),
  }),
  endpoint({
    method: "POST",
    path: "runs/search",
    access: "read",
    request: R.ZSearchRuns,
    handle: ({ db, auth, req }) =>
      searchRuns(db, {
        experimentIds: req.experiment_ids,
        filter: req.filter,
        viewType: req.run_view_type,
        maxResults: req.max_results,
        orderBy: req.order_by,
        pageToken: req.page_token,
        auth,
      }),
  }),
  endpoint({
    method: "GET",
    path: "metrics/get-history",
    access: "read",
    request: R.ZGetMetricHistory,
    handle: ({ db, auth, req }) =>
      getMetricHistory(db, { runId: runIdOf(req), key: req.metric_key, maxResults: req.max_results, pageToken: req.page_token, auth }),
  }),
  endpoint({
    method: "GET",
    path: "metrics/get-history-bulk-interval",
    access: "read",
    request: R.ZGetMetricHistoryBulkInterval,
    handle: ({ db, auth, req }) =>
      getMetricHistoryBulkInterval(db, {
        runIds: req.run_ids,
        key: req.metric_key,
        startStep: req.start_step,
        endStep: req.end_step,
        maxResults: req.max_results,
        auth,
      }),
  }),
  // MLflow 3's logged models (mlflow.<flavor>.log_model, set_active_model): lib/server/mlflow/logged-models.ts.
  endpoint({
    method: "POST",
    path: "logged-models",
    access: "write",
    request: R.ZCreateLoggedModel,
    handle: ({ db, auth, req }) =>
      createLoggedModel(db, {
        experimentId: req.experiment_id,
        name: req.name,
        modelType: req.model_type,
        sourceRunId: req.source_run_id,
        params: req.params,
        tags: req.tags,
        auth,
      }),
  }),
  endpoint({
    method: "POST",
    path: "logged-models/search",
    access: "read",
    request: R.ZSearchLoggedModels,
    handle: ({ db, auth, req }) =>
      searchLoggedModels(db, {
        experimentIds: req.experiment_ids,
        filter: req.filter,
        orderBy: req.order_by,
        maxResults: req.max_results,
        pageToken: req.page_token,
        auth,
      }),
  }),
  endpoint({
    method: "GET",
    path: "logged-models/{model_id}",
    access: "read",
    request: R.ZLoggedModelRef,
    handle: ({ db, auth, req }) => getLoggedModel(db, { modelId: req.model_id, auth }),
  }),
  endpoint({
    method: "PATCH",
    path: "logged-models/{model_id}",
    access: "write",
    request: R.ZFinalizeLoggedModel,
    handle: ({ db, auth, req }) => finalizeLoggedModel(db, { modelId: req.model_id, status: req.status, auth }),
  }),
  endpoint({
    method: "DELETE",
    path: "logged-models/{model_id}",
    access: "write",
    request: R.ZLoggedModelRef,
    handle: ({ db, auth, req }) => deleteLoggedModel(db, { modelId: req.model_id, auth }),
  }),
  endpoint({
    method: "PATCH",
    path: "logged-models/{model_id}/tags",
    access: "write",
    request: R.ZSetLoggedModelTags,
    handle: ({ db, auth, req }) => setLoggedModelTags(db, { modelId: req.model_id, tags: req.tags, auth }),
  }),
  endpoint({
    method: "DELETE",
    path: "logged-models/{model_id}/tags/{tag_key}",
    access: "write",
    request: R.ZDeleteLoggedModelTag,
    handle: ({ db, auth, req }) => deleteLoggedModelTag(db, { modelId: req.model_id, key: req.tag_key, auth }),
  }),
  endpoint({
    method: "POST",
    path: "logged-models/{model_id}/params",
    access: "write",
    request: R.ZLogLoggedModelParams,
    handle: ({ db, auth, req }) => logLoggedModelParams(db, { modelId: req.model_id, params: req.params, auth }),
  }),
  // The tracking API's artifact listing (paths relative to the run's root), used by older clients.
  endpoint({
    method: "GET",
    path: "artifacts/list",
    access: "read",
    request: R.ZListArtifacts,
    async handle({ db, auth, req }) {
      const run = await findMlflowRun(db, runIdOf(req));
      auth.require(run.projectId, "read");
      const dir = (req.path ?? "").replace(/^\/+|\/+$/g, "");
      const files = (await listArtifacts(run.id, dir)).map((f) => ({ ...f, path: dir ? `${dir}/${f.path}` : f.path }));
      return { root_uri: runArtifactUri(run.projectId, run.id), files };
    },
  }),
];

/** The mlflow-artifacts proxy (/api/2.0/mlflow-artifacts/artifacts[/<path>]): list, download, upload, delete. */
export const ARTIFACT_ENDPOINTS = [
  endpoint({
    method: "GET",
    path: "",
    access: "read",
    request: z.object({ path: z.string().optional() }),
    async handle({ db, auth, req }) {
      const { ownerId, relative } = await resolveArtifactPath(db, req.path ?? "", auth, "read");
      return { files: await listArtifacts(ownerId, relative) };
    },
  }),
  endpoint({
    method: "GET",
    path: "*",
    access: "read",
    parse: "none",
    async handle({ db, auth, rest }) {
      const { ownerId, relative } = await resolveArtifactPath(db, rest, auth, "read");
      return readArtifact(ownerId, relative);
    },
  }),
  endpoint({
    method: "PUT",
    path: "*",
    access: "write",
    parse: "none",
    async handle({ db, auth, rest, request }) {
      const { ownerId, relative } = await resolveArtifactPath(db, rest, auth, "write");
      const length = request.headers.get("content-length");
      await writeArtifact(ownerId, relative, request.body, length === null ? null : Number(length));
      return {};
    },
  }),
  endpoint({
    method: "DELETE",
    path: "*",
    access: "write",
    parse: "none",
    async handle({ db, auth, rest }) {
      const { ownerId, relative } = await resolveArtifactPath(db, rest, auth, "write");
      await deleteArtifact(ownerId, relative);
      return {};
    },
  }),
];
