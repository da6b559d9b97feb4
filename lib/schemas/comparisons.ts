import { z } from "zod";

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
