import { z } from "zod";
import { ZCommaList, ZConfig, ZSlug, ZTags, ZTime } from "./common";
import { REVIEW_STATUSES } from "@/lib/review/review-status";
import { ZIsoTime, ZJson, ZJsonObject, ZWireNumber } from "./wire";

export const RUN_STATUSES = ["running", "finished", "failed", "killed"] as const;
/** crashed is derived: a running run that stopped heart-beating. */
export const VIEW_STATUSES = [...RUN_STATUSES, "crashed"] as const;

export const ZCreateRun = z.object({
  project: ZSlug,
  name: z.string().min(1).max(200).optional(),
  config: ZConfig.optional(),
  tags: ZTags.optional(),
  group: z.string().max(200).optional(),
  notes: z.string().max(100_000).optional(),
  externalId: z.string().min(1).max(200).optional(),
  startedAt: ZTime.optional(),
});
export type TCreateRun = z.infer<typeof ZCreateRun>;

export const ZUpdateRun = z.object({
  status: z.enum(RUN_STATUSES).optional(),
  name: z.string().min(1).max(200).optional(),
  tags: ZTags.optional(),
  notes: z.string().max(100_000).optional(),
  config: ZConfig.optional(),
  summary: ZConfig.optional(),
  /** Review status; null clears it. Setting "baseline" clears the project's previous baseline. */
  review: z.enum(REVIEW_STATUSES).nullable().optional(),
});
export type TUpdateRun = z.infer<typeof ZUpdateRun>;

export const RUN_SORTS = ["startedAt", "name", "status", "best", "lastStep", "duration", "review"] as const;

export const ZListRuns = z.object({
  project: ZSlug,
  status: z.enum(VIEW_STATUSES).optional(),
  tag: z.string().optional(),
  /** A review status, or "none" for runs without one. */
  review: z.enum([...REVIEW_STATUSES, "none"]).optional(),
  q: z.string().max(200).optional(),
  sort: z
    .string()
    .refine((s) => (RUN_SORTS as readonly string[]).includes(s) || /^(config|summary)\.[A-Za-z0-9_./-]+$/.test(s), {
      message: `one of ${RUN_SORTS.join(", ")}, config.<key> or summary.<metric>`,
    })
    .default("startedAt"),
  order: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
});
export type TListRuns = z.infer<typeof ZListRuns>;

/** Runs one bulk change may touch (a runs-table page holds at most 500). */
export const MAX_BULK_RUNS = 500;

/** POST /api/v1/runs/bulk: one review status and/or tag edits for runs of one project, all or nothing. */
export const ZBulkUpdateRuns = z
  .object({
    ids: z.array(z.string().min(1).max(40)).min(1).max(MAX_BULK_RUNS),
    review: z.enum(REVIEW_STATUSES).nullable().optional(),
    addTags: ZTags.optional(),
    removeTags: ZTags.optional(),
  })
  .refine((b) => b.review !== undefined || b.addTags?.length || b.removeTags?.length, { message: "nothing to change: give review, addTags or removeTags" })
  .refine((b) => b.review !== "baseline" || new Set(b.ids).size === 1, { message: "a project has one baseline: set it on one run", path: ["review"] });
export type TBulkUpdateRuns = z.infer<typeof ZBulkUpdateRuns>;

/** GET /api/v1/runs/diagnosis?ids=a,b */
export const ZDiagnosisQuery = z.object({
  ids: ZCommaList({ min: 1, max: 500, of: "run ids" }),
});

// ---- Answers -------------------------------------------------------------------------------

const ZRunId = z.string();

/** A run as the runs table and the run page show it (lib/server/runs/run-view.ts). */
export const ZRunSummary = z.strictObject({
  id: ZRunId,
  name: z.string(),
  project: z.string(),
  /** The run's page. */
  url: z.string(),
  status: z.enum(VIEW_STATUSES),
  config: ZJsonObject,
  tags: z.array(z.string()),
  group: z.string().nullable(),
  notes: z.string().nullable(),
  externalId: z.string().nullable(),
  optimizer: ZJson,
  lr: ZJson,
  schedule: ZJson,
  batchSize: ZJson,
  /** The project's main metric: its best value and where. */
  best: z.strictObject({ metric: z.string(), mode: z.enum(["max", "min"]), value: ZWireNumber.nullable(), step: z.number().nullable() }),
  lastStep: z.number().nullable(),
  review: z.enum(REVIEW_STATUSES).nullable(),
  reviewedAt: ZIsoTime.nullable(),
  reviewedBy: z.string().nullable(),
  startedAt: ZIsoTime,
  endedAt: ZIsoTime.nullable(),
  lastHeartbeatAt: ZIsoTime.nullable(),
  durationSeconds: z.number(),
});

export const ZRunList = z.strictObject({ runs: z.array(ZRunSummary), nextCursor: z.string().nullable(), total: z.number() });

/** Per logged metric in a run's `summary` (user summary keys sit beside them, any JSON). */
export const ZMetricSummary = z.strictObject({
  last: ZWireNumber,
  lastStep: z.number(),
  best: ZWireNumber.nullable(),
  bestStep: z.number().nullable(),
  mode: z.enum(["max", "min"]),
  min: ZWireNumber.nullable(),
  minStep: z.number().nullable(),
  max: ZWireNumber.nullable(),
  maxStep: z.number().nullable(),
});

export const ZMetricInfo = z.strictObject({ key: z.string(), count: z.number(), stepMin: z.number(), stepMax: z.number(), nonFinite: z.number() });

export const ZRunDetail = ZRunSummary.extend({
  /** Per metric a ZMetricSummary, merged with the user's summary (any JSON). */
  summary: ZJsonObject,
  metrics: z.array(ZMetricInfo),
  hasEpoch: z.boolean(),
  hasTime: z.boolean(),
});

/** POST /api/v1/runs: 201 created, 200 the existing run with that externalId. */
export const ZCreatedRun = z.strictObject({ id: ZRunId, name: z.string(), project: z.string(), url: z.string(), status: z.string() });

export const ZBulkUpdated = z.strictObject({ updated: z.number(), unchanged: z.number() });

/** GET /runs/diagnosis: per run, the schedule label and live plateau badge of the runs table. */
export const ZRunDiagnosis = z.strictObject({
  id: ZRunId,
  schedule: z
    .strictObject({ type: z.string(), label: z.string(), mismatch: z.strictObject({ configured: z.string(), observed: z.string() }).nullable() })
    .nullable(),
  plateau: z.strictObject({ sinceStep: z.number(), sinceEpoch: z.number().nullable(), evaluations: z.number() }).nullable(),
});
export const ZRunDiagnosisList = z.strictObject({ runs: z.array(ZRunDiagnosis) });

/** GET /runs/{id}/artifacts: files logged through the MLflow API's artifact proxy. */
export const ZRunArtifacts = z.strictObject({
  files: z.array(z.strictObject({ path: z.string(), size: z.number(), image: z.boolean(), url: z.string() })),
  truncated: z.boolean(),
});
