import "server-only";
import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import type { Actor } from "@/lib/events/event-types";
import type { TUpdateComment } from "@/lib/schemas/comments";
import type { Auth } from "@/lib/server/auth/auth";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { publishEvent } from "@/lib/server/events/publish-event";
import { actorOf } from "@/lib/server/review/actor";
import { resolveMentions } from "@/lib/server/review/project-members";
import { mayProject, requireProjectRole } from "@/lib/server/review/require-role";
import { findSubject, type Subject } from "./comment-subject";
import { COMMENT_COLUMNS } from "./create-comment";
import { commentEventData } from "./comment-event";
import { commentView, type CommentRow } from "./comment-view";

/** The comment and its subject, after checking the caller may at least read the project. */
async function loadComment(db: Database, id: string, auth: Auth) {
  const [row] = await db.sql.query<CommentRow & { projectId: number }>(`SELECT ${COMMENT_COLUMNS}, project_id AS "projectId" FROM comments WHERE id = $1`, [
    id,
  ]);
  if (!row || row.deletedAt) throw notFound(`Comment '${id}'`);
  requireProjectRole(auth, row.projectId, "comment");
  const subject = await findSubject(db, row.runId ? { runId: row.runId } : { comparisonId: row.comparisonId! });
  return { row, subject, actor: actorOf(auth), mayManage: mayProject(auth, row.projectId, "manage") };
}

/** PATCH /api/v1/comments/{id}: only its author edits a comment (mentions are resolved again). */
export async function updateComment(db: Database, opts: { id: string; patch: TUpdateComment; auth: Auth }) {
  const { row, subject, actor, mayManage } = await loadComment(db, opts.id, opts.auth);
  if (row.authorId !== actor.id) throw new ApiError("permission_denied", "Only its author can edit a comment");
  const mentions = await resolveMentions(db, subject.projectId, opts.patch.body);
  const updated = await db.sql.transaction(async (tx) => {
    const [u] = await tx.query<CommentRow>(
      `UPDATE comments SET body = $2, mentions = $3::text[], edited_at = now() WHERE id = $1 RETURNING ${COMMENT_COLUMNS}`,
      [row.id, opts.patch.body, mentions],
    );
    await announce(tx, "comment.updated", subject, u, actor);
    return u;
  });
  return commentView(updated, subject, { actor, mayManage });
}

/**
 * DELETE /api/v1/comments/{id}: its author, or a project owner. A comment with replies stays as
 * a "deleted" placeholder so its thread keeps its shape; otherwise it is removed.
 */
export async function deleteComment(db: Database, opts: { id: string; auth: Auth }) {
  const { row, subject, actor, mayManage } = await loadComment(db, opts.id, opts.auth);
  if (row.authorId !== actor.id && !mayManage) throw new ApiError("permission_denied", "Only its author or a project owner can delete a comment");
  await db.sql.transaction(async (tx) => {
    const [{ replies }] = await tx.query<{ replies: number }>(`SELECT count(*)::int AS replies FROM comments WHERE parent_id = $1`, [row.id]);
    if (replies > 0) await tx.query(`UPDATE comments SET body = '', mentions = '{}', deleted_at = now() WHERE id = $1`, [row.id]);
    else await tx.query(`DELETE FROM comments WHERE id = $1`, [row.id]);
    // A placeholder root whose last reply goes has nothing left to hold together.
    if (row.parentId)
      await tx.query(`DELETE FROM comments WHERE id = $1 AND deleted_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM comments WHERE parent_id = $1)`, [
        row.parentId,
      ]);
    await announce(tx, "comment.deleted", subject, { ...row, deletedAt: new Date() }, actor);
  });
}

function announce(tx: Sql, type: "comment.updated" | "comment.deleted", subject: Subject, row: CommentRow, actor: Actor) {
  return publishEvent(tx, { projectId: subject.projectId, type, runId: row.runId, actor, data: commentEventData(subject, row) });
}
