import "server-only";
import { NOTE_TAG, RUN_NAME_TAG, USER_TAG, splitAnnealTag } from "@/lib/mlflow/tags";
import type { MlflowRunStatus } from "@/lib/mlflow/requests";
import { flattenObject } from "@/lib/importers/text/json";
import { TIME_KEY } from "@/lib/schemas/metrics";
import type { MetricStats } from "@/lib/server/runs/run-view";
import { experimentArtifactLocation } from "./experiment-view";

/** A run row as the MLflow endpoints read it. */
export interface MlflowRunRow {
  id: string;
  projectId: number;
  name: string;
  status: string;
  config: unknown;
  tags: string[];
  notes: string | null;
  startedAt: Date;
  endedAt: Date | null;
  deletedAt: Date | null;
  lastActivityAt: Date;
  metricStats: unknown;
  mlflowParams: unknown;
  mlflowTags: unknown;
  mlflowIo: unknown;
}

export const RUN_COLUMNS = `r.id, r.project_id AS "projectId", r.name, r.status, r.config, r.tags, r.notes, r.started_at AS "startedAt",
  r.ended_at AS "endedAt", r.deleted_at AS "deletedAt", r.last_activity_at AS "lastActivityAt", r.metric_stats AS "metricStats",
  r.mlflow_params AS "mlflowParams", r.mlflow_tags AS "mlflowTags", r.mlflow_io AS "mlflowIo"`;

const TO_MLFLOW: Record<string, MlflowRunStatus> = { running: "RUNNING", finished: "FINISHED", failed: "FAILED", killed: "KILLED" };
const FROM_MLFLOW: Record<MlflowRunStatus, string> = { RUNNING: "running", SCHEDULED: "running", FINISHED: "finished", FAILED: "failed", KILLED: "killed" };

export const toMlflowStatus = (status: string): MlflowRunStatus => TO_MLFLOW[status] ?? "RUNNING";
export const fromMlflowStatus = (status: MlflowRunStatus): string => FROM_MLFLOW[status];

export function runArtifactUri(experimentId: number, runId: string): string {
  return `${experimentArtifactLocation(experimentId)}/${runId}/artifacts`;
}

/** Params as MLflow strings: those logged through MLflow, else (a run logged with Anneal's own API) its config flattened. */
export function runParams(row: Pick<MlflowRunRow, "mlflowParams" | "config">): Record<string, string> {
  const logged = (row.mlflowParams ?? {}) as Record<string, string>;
  if (Object.keys(logged).length) return logged;
  const config = { ...((row.config ?? {}) as Record<string, unknown>) };
  delete config.original; // the interpretation's source, not a param
  const flat = flattenObject(config);
  return Object.fromEntries(Object.entries(flat).map(([k, v]) => [k.replaceAll("/", "."), typeof v === "string" ? v : JSON.stringify(v)]));
}

/** Every tag the run has, MLflow's view: the logged MLflow tags, Anneal's own tags, the name and the notes. */
export function runTags(row: Pick<MlflowRunRow, "mlflowTags" | "tags" | "name" | "notes">): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const t of row.tags) {
    const { key, value } = splitAnnealTag(t);
    tags[key] = value;
  }
  Object.assign(tags, (row.mlflowTags ?? {}) as Record<string, string>);
  tags[RUN_NAME_TAG] = row.name;
  if (row.notes) tags[NOTE_TAG] = row.notes;
  else delete tags[NOTE_TAG];
  return tags;
}

/** MLflow's Run message: info, data (latest metrics, params, tags), inputs and outputs. */
export function runJson(row: MlflowRunRow) {
  const stats = (row.metricStats ?? {}) as Record<string, MetricStats>;
  // Anneal keeps one time per step, not per (key, step): a metric's "latest" timestamp is the run's last logged time.
  const lastTime = typeof stats[TIME_KEY]?.last === "number" ? Math.round(stats[TIME_KEY].last * 1000) : row.lastActivityAt.getTime();
  const metrics = Object.entries(stats)
    .filter(([key]) => !key.startsWith("_"))
    .map(([key, s]) => ({ key, value: s.last, timestamp: lastTime, step: s.lastStep }));
  const tags = runTags(row);
  const io = (row.mlflowIo ?? {}) as { inputs?: object; outputs?: object };
  return {
    info: {
      run_id: row.id,
      run_uuid: row.id,
      run_name: row.name,
      experiment_id: String(row.projectId),
      user_id: tags[USER_TAG] ?? "",
      status: toMlflowStatus(row.status),
      start_time: row.startedAt.getTime(),
      ...(row.endedAt ? { end_time: row.endedAt.getTime() } : {}),
      artifact_uri: runArtifactUri(row.projectId, row.id),
      lifecycle_stage: row.deletedAt ? "deleted" : "active",
    },
    data: {
      metrics,
      params: Object.entries(runParams(row)).map(([key, value]) => ({ key, value })),
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    },
    inputs: io.inputs ?? {},
    ...(io.outputs ? { outputs: io.outputs } : {}),
  };
}
