import { z } from "zod";
import { ZConfig, ZSlug, ZTags, ZTime } from "./common";
import { REVIEW_STATUSES } from "@/lib/review/review-status";

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
