import { z } from "zod";
import { ZBaselineVerdict, ZVerdict } from "./compare";
import { ZIsoTime, ZWireNumber } from "./wire";

/** Longest compare-view state accepted (its query string); a 100-run view with every option fits. */
export const MAX_COMPARISON_STATE_CHARS = 8_000;
/** Saved comparisons per project (the list page shows them all). */
export const MAX_COMPARISONS_PER_PROJECT = 1_000;

const ZName = z.string().trim().min(1, "a comparison needs a name").max(200);
const ZDescription = z.string().max(10_000);
/** The compare view's URL state: its query string (a leading `?` or a whole /compare URL are accepted too). */
const ZState = z.string().min(1).max(MAX_COMPARISON_STATE_CHARS, `at most ${MAX_COMPARISON_STATE_CHARS} characters`);

export const ZCreateComparison = z.object({ name: ZName, description: ZDescription.optional(), state: ZState });
export type TCreateComparison = z.infer<typeof ZCreateComparison>;

export const ZUpdateComparison = z.object({ name: ZName.optional(), description: ZDescription.nullable().optional(), state: ZState.optional() });
export type TUpdateComparison = z.infer<typeof ZUpdateComparison>;

// ---- Answers -------------------------------------------------------------------------------

const ZAuthor = z.strictObject({ id: z.string(), name: z.string() });

export const ZComparisonSummary = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  author: ZAuthor,
  runCount: z.number(),
  commentCount: z.number(),
  createdAt: ZIsoTime,
  updatedAt: ZIsoTime,
  url: z.string(),
});
export const ZComparisonList = z.strictObject({ comparisons: z.array(ZComparisonSummary) });

/** What a comparison showed: its verdict and each run's state (lib/server/comparisons/comparison-snapshot.ts). */
export const ZComparisonSnapshot = z.strictObject({
  at: ZIsoTime,
  metric: z.string(),
  mode: z.enum(["max", "min"]),
  verdict: ZVerdict.nullable(),
  vsBaseline: ZBaselineVerdict.nullable(),
  runs: z.array(z.strictObject({ id: z.string(), name: z.string(), status: z.string(), lastStep: z.number().nullable(), best: ZWireNumber.nullable() })),
});

export const ZComparison = z.strictObject({
  id: z.string(),
  project: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** The compare view's query string. */
  state: z.string(),
  url: z.string(),
  compareUrl: z.string(),
  author: ZAuthor,
  createdAt: ZIsoTime,
  updatedAt: ZIsoTime,
  commentCount: z.number(),
  /** The verdict as saved (null for a comparison saved before snapshots) and as it is now (null when no run is left). */
  saved: ZComparisonSnapshot.nullable(),
  current: ZComparisonSnapshot.nullable(),
  /** How each saved run differs now; empty when nothing did. */
  changes: z.array(z.strictObject({ runId: z.string(), name: z.string(), change: z.string() })),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
});
