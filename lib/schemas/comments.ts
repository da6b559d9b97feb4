import { z } from "zod";
import { MAX_COMMENT_CHARS } from "@/lib/review/comment-limits";
import { ZIsoTime } from "./wire";

export { MAX_COMMENT_CHARS, MAX_COMMENTS_PER_SUBJECT } from "@/lib/review/comment-limits";
export const COMMENT_AXES = ["step", "epoch", "relative", "time", "fraction"] as const;

const ZBody = z.string().trim().min(1, "a comment needs some text").max(MAX_COMMENT_CHARS, `at most ${MAX_COMMENT_CHARS} characters`);
const ZKey = z.string().min(1).max(200);

/** POST /api/v1/runs/{id}/comments: anchored to a point of a run's chart by metric key and step. */
export const ZCreateRunComment = z.object({
  body: ZBody,
  anchor: z.object({ key: ZKey, step: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) }).optional(),
  parentId: z.string().min(1).max(40).optional(),
});
export type TCreateRunComment = z.infer<typeof ZCreateRunComment>;

/** POST /api/v1/comparisons/{id}/comments: anchored to a compare chart by key and x on an axis (default step). */
export const ZCreateComparisonComment = z.object({
  body: ZBody,
  anchor: z.object({ key: ZKey, x: z.number().finite(), axis: z.enum(COMMENT_AXES).default("step") }).optional(),
  parentId: z.string().min(1).max(40).optional(),
});
export type TCreateComparisonComment = z.infer<typeof ZCreateComparisonComment>;

export const ZUpdateComment = z.object({ body: ZBody });
export type TUpdateComment = z.infer<typeof ZUpdateComment>;

// ---- Answers -------------------------------------------------------------------------------

/** A comment as the API answers it; `canEdit`/`canDelete` are for the caller. */
export const ZComment = z.strictObject({
  id: z.string(),
  runId: z.string().nullable(),
  comparisonId: z.string().nullable(),
  parentId: z.string().nullable(),
  /** The thread's root (itself for a root comment). */
  threadId: z.string(),
  author: z.strictObject({ id: z.string(), name: z.string() }),
  /** Markdown source; "" once deleted. */
  body: z.string(),
  deleted: z.boolean(),
  /** A run's comment points at (key, step); a comparison's at (key, x on an axis). */
  anchor: z.union([z.strictObject({ key: z.string(), step: z.number() }), z.strictObject({ key: z.string(), x: z.number(), axis: z.string() })]).nullable(),
  mentions: z.array(z.string()),
  createdAt: ZIsoTime,
  editedAt: ZIsoTime.nullable(),
  url: z.string(),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
});
export const ZCommentList = z.strictObject({ comments: z.array(ZComment) });
