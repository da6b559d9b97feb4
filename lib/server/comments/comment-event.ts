import "server-only";
import type { CommentEventData } from "@/lib/events/event-types";
import type { Subject } from "./comment-subject";
import { anchorOf, type CommentRow } from "./comment-view";

const EXCERPT_CHARS = 200;

/** What comment.* events carry: enough for a live page to refetch and for the feed to show a line. */
export function commentEventData(subject: Subject, row: CommentRow): CommentEventData {
  const anchor = anchorOf(row);
  return {
    commentId: row.id,
    threadId: row.parentId ?? row.id,
    runId: row.runId,
    runName: subject.kind === "run" ? subject.name : null,
    comparisonId: row.comparisonId,
    anchor: anchor && { key: anchor.key, x: "step" in anchor ? anchor.step : anchor.x, axis: "axis" in anchor ? anchor.axis : "step" },
    mentions: row.mentions,
    excerpt: row.deletedAt ? "" : row.body.length > EXCERPT_CHARS ? `${row.body.slice(0, EXCERPT_CHARS - 1)}…` : row.body,
  };
}
