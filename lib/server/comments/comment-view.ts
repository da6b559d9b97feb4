import "server-only";
import type { Actor } from "@/lib/events/event-types";
import { pageUrl } from "@/lib/server/runs/run-view";
import { subjectPath, type Subject } from "./comment-subject";

export interface CommentRow {
  id: string;
  runId: string | null;
  comparisonId: string | null;
  parentId: string | null;
  authorId: string;
  authorName: string;
  body: string;
  anchorKey: string | null;
  anchorX: number | null;
  anchorAxis: string | null;
  mentions: string[];
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

export type CommentAnchor = { key: string; step: number } | { key: string; x: number; axis: string };

/** A comment as the API answers it; `canEdit`/`canDelete` are for the caller. */
export function commentView(row: CommentRow, subject: Subject, caller: { actor: Actor; mayManage: boolean }) {
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    runId: row.runId,
    comparisonId: row.comparisonId,
    parentId: row.parentId,
    threadId: row.parentId ?? row.id,
    author: { id: row.authorId, name: row.authorName },
    body: deleted ? "" : row.body,
    deleted,
    anchor: anchorOf(row),
    mentions: row.mentions,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    url: pageUrl(subjectPath(subject, row.id)),
    canEdit: !deleted && row.authorId === caller.actor.id,
    canDelete: !deleted && (row.authorId === caller.actor.id || caller.mayManage),
  };
}
export type CommentView = ReturnType<typeof commentView>;

export function anchorOf(row: Pick<CommentRow, "runId" | "anchorKey" | "anchorX" | "anchorAxis">): CommentAnchor | null {
  if (row.anchorKey === null || row.anchorX === null) return null;
  return row.runId ? { key: row.anchorKey, step: row.anchorX } : { key: row.anchorKey, x: row.anchorX, axis: row.anchorAxis ?? "step" };
}
