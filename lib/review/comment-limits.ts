/** Comment limits, without zod: the browser's comment form imports them too (lib/schemas/comments.ts checks them). */

/** Longest comment body (characters of Markdown). */
export const MAX_COMMENT_CHARS = 10_000;
/** Comments one run or comparison can hold (threads and replies together): GET returns them all. */
export const MAX_COMMENTS_PER_SUBJECT = 2_000;
