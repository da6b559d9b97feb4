import "server-only";
import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import type { Actor } from "@/lib/events/event-types";
import { MAX_COMMENTS_PER_SUBJECT, type TCreateComparisonComment, type TCreateRunComment } from "@/lib/schemas/comments";
import type { Auth } from "@/lib/server/auth/auth";
import { ApiError } from "@/lib/server/api/errors";
import { enqueueAlerts } from "@/lib/server/alerts/enqueue-alerts";
import { publishEvent } from "@/lib/server/events/publish-event";
import { generateId } from "@/lib/server/ids";
import { actorOf } from "@/lib/server/review/actor";
import { resolveMentions } from "@/lib/server/review/project-members";
import { mayProject, requireProjectRole } from "@/lib/server/review/require-role";
import { pageUrl } from "@/lib/server/runs/run-view";
import { findSubject, subjectPath, type Subject, type SubjectRef } from "./comment-subject";
import { commentEventData } from "./comment-event";
import { commentView, type CommentRow } from "./comment-view";

type Input = TCreateRunComment | TCreateComparisonComment;

/**
 * A new comment (or reply) on a run or a comparison. A reply joins its thread's root (threads are
 * one level deep, like review threads), and takes the thread's anchor. @mentions are resolved to
 * project members when written. The comment, its event and its alerts commit together.
 */
export async function createComment(db: Database, opts: { subject: SubjectRef; input: Input; auth: Auth }) {
  const subject = await findSubject(db, opts.subject);
  requireProjectRole(opts.auth, subject.projectId, "comment");
  const { input } = opts;
  const actor = actorOf(opts.auth);
  const anchor = input.anchor ? checkAnchor(subject, input.anchor) : null;
  const parentId = input.parentId ? await threadRoot(db, subject, input.parentId, anchor !== null) : null;
  const mentions = await resolveMentions(db, subject.projectId, input.body);

  const row = await db.sql.transaction(async (tx) => {
    // Lock the subject's comment count against concurrent posts (the limit holds under races).
    await tx.query(`SELECT 1 FROM projects WHERE id = $1 FOR UPDATE`, [subject.projectId]);
    const column = subject.kind === "run" ? "run_id" : "comparison_id";
    const [{ n }] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM comments WHERE ${column} = $1`, [subject.id]);
    if (n >= MAX_COMMENTS_PER_SUBJECT) {
      throw new ApiError("conflict", `This ${subject.kind} already has ${MAX_COMMENTS_PER_SUBJECT} comments, the most one can hold`, [
        { path: "body", message: `limit of ${MAX_COMMENTS_PER_SUBJECT} comments per ${subject.kind}` },
      ]);
    }
    const [created] = await tx.query<CommentRow>(
      `INSERT INTO comments (id, project_id, run_id, comparison_id, parent_id, author_id, author_name, body, anchor_key, anchor_x, anchor_axis, mentions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text[])
       RETURNING ${COMMENT_COLUMNS}`,
      [
        generateId(),
        subject.projectId,
        subject.kind === "run" ? subject.id : null,
        subject.kind === "comparison" ? subject.id : null,
        parentId,
        actor.id,
        actor.name,
        input.body,
        anchor?.key ?? null,
        anchor?.x ?? null,
        anchor?.axis ?? null,
        mentions,
      ],
    );
    await announceComment(tx, subject, created, actor);
    return created;
  });
  return commentView(row, subject, { actor, mayManage: mayProject(opts.auth, subject.projectId, "manage") });
}

export const COMMENT_COLUMNS = `id, run_id AS "runId", comparison_id AS "comparisonId", parent_id AS "parentId", author_id AS "authorId",
  author_name AS "authorName", body, anchor_key AS "anchorKey", anchor_x AS "anchorX", anchor_axis AS "anchorAxis", mentions,
  created_at AS "createdAt", edited_at AS "editedAt", deleted_at AS "deletedAt"`;

function checkAnchor(subject: Subject, anchor: NonNullable<Input["anchor"]>) {
  if ("step" in anchor) {
    if (subject.keys && !subject.keys.has(anchor.key)) {
      throw new ApiError("invalid_argument", `Run '${subject.name}' has no metric '${anchor.key}'`, [
        { path: "anchor.key", message: "not a metric of this run" },
      ]);
    }
    return { key: anchor.key, x: anchor.step, axis: "step" };
  }
  return { key: anchor.key, x: anchor.x, axis: anchor.axis };
}

/** The root of the thread `parentId` belongs to, on the same subject; replies carry no anchor of their own. */
async function threadRoot(db: Database, subject: Subject, parentId: string, anchored: boolean): Promise<string> {
  const parent = await db.prisma.comment.findUnique({ where: { id: parentId }, select: { id: true, parentId: true, runId: true, comparisonId: true } });
  const same = parent && (subject.kind === "run" ? parent.runId : parent.comparisonId) === subject.id;
  if (!parent || !same)
    throw new ApiError("invalid_argument", `No comment '${parentId}' on this ${subject.kind}`, [{ path: "parentId", message: "unknown comment" }]);
  if (anchored) throw new ApiError("invalid_argument", "A reply takes its thread's anchor", [{ path: "anchor", message: "leave it out in a reply" }]);
  return parent.parentId ?? parent.id;
}

/** comment.created for live pages and the feed, and the comment/mention alerts, in the comment's transaction. */
async function announceComment(tx: Sql, subject: Subject, row: CommentRow, actor: Actor) {
  const data = commentEventData(subject, row);
  await publishEvent(tx, { projectId: subject.projectId, type: "comment.created", runId: row.runId, actor, data });
  const link = pageUrl(subjectPath(subject, row.id));
  const where = subject.kind === "run" ? `run ${subject.name}` : `comparison ${subject.name}`;
  const details = { commentId: row.id, author: actor.name, excerpt: data.excerpt, anchor: data.anchor };
  await enqueueAlerts(tx, {
    projectId: subject.projectId,
    rule: "comment",
    occurrence: `comment:${row.id}`,
    runId: row.runId,
    title: `${actor.name} commented on ${where}`,
    link,
    details,
  });
  if (row.mentions.length) {
    await enqueueAlerts(tx, {
      projectId: subject.projectId,
      rule: "mention",
      occurrence: `mention:${row.id}`,
      runId: row.runId,
      title: `${actor.name} mentioned ${row.mentions.length === 1 ? "someone" : `${row.mentions.length} people`} on ${where}`,
      link,
      details: { ...details, mentions: row.mentions },
    });
  }
}
