import { z } from "zod";

/**
 * Request messages of MLflow's REST API 2.0 (mlflow/protos/service.proto), as the clients send
 * them: POST bodies in protobuf JSON with proto field names, GET parameters in the query string
 * (repeated fields as repeated keys). int64 fields arrive as JSON numbers or strings.
 */

/** Longest key MLflow accepts (250); Anneal's metric keys go to 200, so MLflow keys beyond that are refused for metrics only. */
export const MAX_KEY_LENGTH = 250;
/** MLflow 2.x raised param values to 6000 characters; tags to 8000 (5000 in older servers). */
export const MAX_PARAM_VALUE_LENGTH = 6000;
export const MAX_TAG_VALUE_LENGTH = 8000;
/** Anneal's own limit on a metric key (lib/schemas/metrics.ts). */
export const MAX_METRIC_KEY_LENGTH = 200;
/** Entities per log-batch: MLflow caps at 1000 metrics, 100 params, 100 tags; Anneal accepts this many of each. */
export const MAX_BATCH_METRICS = 100_000;
export const MAX_BATCH_PARAMS = 1000;
export const MAX_BATCH_TAGS = 1000;

const int64 = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number),
  ])
  .refine(Number.isSafeInteger, "must be a safe integer");
const id = z.union([z.string().min(1).max(256), z.number().int().transform(String)]);
const key = z.string().min(1).max(MAX_KEY_LENGTH);
const anyString = z.union([z.string(), z.number().transform(String), z.boolean().transform(String)]);
/** A repeated field: GET sends it as one value when there is one. */
const repeated = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item));

export const ZKeyValue = z.object({ key, value: anyString.default("") });
const ZTagList = z.array(ZKeyValue).max(MAX_BATCH_TAGS);

/** A protobuf enum in JSON: its name, or its number (`first` is the number of values[0]). */
const protoEnum = <const T extends readonly [string, ...string[]]>(values: T, first: number) =>
  z.union([
    z.enum(values),
    z
      .number()
      .int()
      .min(first)
      .max(first + values.length - 1)
      .transform((n) => values[n - first] as T[number]),
  ]);

export const VIEW_TYPES = ["ACTIVE_ONLY", "DELETED_ONLY", "ALL"] as const;
const viewType = protoEnum(VIEW_TYPES, 1);

export const RUN_STATUSES = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"] as const;
export type MlflowRunStatus = (typeof RUN_STATUSES)[number];
const runStatus = protoEnum(RUN_STATUSES, 1);

/** A metric value: a JSON number or protobuf JSON's spellings of the non-finite doubles. */
export const ZMetricValue = z.union([
  z.number(),
  z.enum(["NaN", "Infinity", "-Infinity"]).transform((s) => (s === "NaN" ? NaN : s === "Infinity" ? Infinity : -Infinity)),
  z
    .string()
    .regex(/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/)
    .transform(Number),
]);

export const ZMetric = z.object({
  key,
  value: ZMetricValue,
  timestamp: int64,
  step: int64.optional().default(0),
});
export type TMetric = z.infer<typeof ZMetric>;

/** Clients send both run_id and (deprecated) run_uuid; either names the run. */
const runRef = { run_id: id.optional(), run_uuid: id.optional() };

export const ZCreateExperiment = z.object({ name: z.string().min(1).max(500), artifact_location: z.string().optional(), tags: ZTagList.optional() });
export const ZExperimentRef = z.object({ experiment_id: id });
export const ZGetExperimentByName = z.object({ experiment_name: z.string().min(1) });
export const ZSearchExperiments = z.object({
  max_results: int64.optional(),
  page_token: z.string().optional(),
  filter: z.string().optional(),
  order_by: repeated(z.string()).optional(),
  view_type: viewType.optional(),
});
export const ZUpdateExperiment = z.object({ experiment_id: id, new_name: z.string().min(1).max(500) });
export const ZSetExperimentTag = z.object({ experiment_id: id, key, value: anyString.default("") });
export const ZDeleteExperimentTag = z.object({ experiment_id: id, key });

export const ZCreateRun = z.object({
  experiment_id: id.optional(),
  user_id: z.string().optional(),
  run_name: z.string().max(500).optional(),
  start_time: int64.optional(),
  tags: ZTagList.optional(),
});
export const ZRunRef = z.object(runRef);
export const ZUpdateRun = z.object({ ...runRef, status: runStatus.optional(), end_time: int64.optional(), run_name: z.string().max(500).optional() });
export const ZLogMetric = z.object({ ...runRef, key, value: ZMetricValue, timestamp: int64, step: int64.optional().default(0) });
export const ZLogParam = z.object({ ...runRef, key, value: anyString });
export const ZSetTag = z.object({ ...runRef, key, value: anyString });
export const ZDeleteTag = z.object({ ...runRef, key });
export const ZLogBatch = z.object({
  ...runRef,
  metrics: z.array(z.unknown()).max(MAX_BATCH_METRICS).optional(),
  params: z.array(ZKeyValue).max(MAX_BATCH_PARAMS).optional(),
  tags: ZTagList.optional(),
});
export const ZLogModel = z.object({ ...runRef, model_json: z.string().max(1_000_000) });

const ZDataset = z.object({
  name: z.string().max(500),
  digest: z.string().max(500),
  source_type: z.string().max(500),
  source: z.string().max(100_000),
  schema: z.string().max(1_000_000).optional(),
  profile: z.string().max(100_000).optional(),
});
export const ZLogInputs = z.object({
  ...runRef,
  datasets: z
    .array(z.object({ tags: ZTagList.optional(), dataset: ZDataset }))
    .max(1000)
    .optional(),
  models: z
    .array(z.object({ model_id: z.string().max(500) }))
    .max(1000)
    .optional(),
});
export const ZLogOutputs = z.object({ ...runRef, models: z.array(z.object({ model_id: z.string().max(500), step: int64.optional() })).max(1000) });

export const ZSearchRuns = z.object({
  experiment_ids: repeated(id).optional(),
  filter: z.string().max(10_000).optional(),
  run_view_type: viewType.optional(),
  max_results: int64.optional(),
  order_by: repeated(z.string().max(500)).optional(),
  page_token: z.string().optional(),
});

export const ZGetMetricHistory = z.object({ ...runRef, metric_key: key, max_results: int64.optional(), page_token: z.string().optional() });
export const ZGetMetricHistoryBulkInterval = z.object({
  run_ids: repeated(id),
  metric_key: key,
  start_step: int64.optional(),
  end_step: int64.optional(),
  max_results: int64.optional(),
});

export const ZListArtifacts = z.object({ ...runRef, path: z.string().optional(), page_token: z.string().optional() });

/** The run a request names: run_id, else the deprecated run_uuid. */
export function runIdOf(req: { run_id?: string; run_uuid?: string }): string | undefined {
  return req.run_id ?? req.run_uuid;
}

// ---- MLflow 3's logged models (service.proto: CreateLoggedModel … LogLoggedModelParamsRequest) ----

export const LOGGED_MODEL_STATUSES = ["LOGGED_MODEL_STATUS_UNSPECIFIED", "LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY", "LOGGED_MODEL_UPLOAD_FAILED"] as const;
export type LoggedModelStatus = (typeof LOGGED_MODEL_STATUSES)[number];
const loggedModelStatus = protoEnum(LOGGED_MODEL_STATUSES, 0);
/** Params and tags per logged-model request (the client sends params 100 at a time). */
export const MAX_LOGGED_MODEL_ENTRIES = 1000;
const modelId = z.string().min(1).max(256);
const modelParams = z.array(ZKeyValue).max(MAX_LOGGED_MODEL_ENTRIES);

export const ZCreateLoggedModel = z.object({
  experiment_id: id,
  name: z.string().max(500).optional(),
  model_type: z.string().max(500).optional(),
  source_run_id: z.string().max(256).optional(),
  params: modelParams.optional(),
  tags: modelParams.optional(),
});
export const ZLoggedModelRef = z.object({ model_id: modelId });
export const ZFinalizeLoggedModel = z.object({ model_id: modelId, status: loggedModelStatus });
export const ZSetLoggedModelTags = z.object({ model_id: modelId, tags: modelParams });
export const ZDeleteLoggedModelTag = z.object({ model_id: modelId, tag_key: key });
export const ZLogLoggedModelParams = z.object({ model_id: modelId, params: modelParams });
export const ZSearchLoggedModels = z.object({
  experiment_ids: repeated(id),
  filter: z.string().max(10_000).optional(),
  datasets: z
    .array(z.object({ dataset_name: z.string().max(500), dataset_digest: z.string().max(500).optional() }))
    .max(100)
    .optional(),
  max_results: int64.optional(),
  order_by: z
    .array(
      z.object({
        field_name: z.string().max(500),
        ascending: z.boolean().optional(),
        dataset_name: z.string().optional(),
        dataset_digest: z.string().optional(),
      }),
    )
    .max(10)
    .optional(),
  page_token: z.string().optional(),
});
