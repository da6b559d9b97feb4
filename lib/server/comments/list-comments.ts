import "server-only";
import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/auth/auth";
import { actorOf } from "@/lib/server/review/actor";
import { mayProject, requireProjectRole } from "@/lib/server/review/require-role";
import { findSubject, type SubjectRef } from "./comment-subject";
import { COMMENT_COLUMNS } from "./create-comment";
import { commentView, type CommentRow } from "./comment-view";

/** Every comment of a run or comparison, oldest first (threads are rebuilt from parentId). */
export async function listComments(db: Database, opts: { subject: SubjectRef; auth: Auth }) {
  const subject = await findSubject(db, opts.subject);
  requireProjectRole(opts.auth, subject.projectId, "read");
  const column = subject.kind === "run" ? "run_id" : "comparison_id";
  const rows = await db.sql.query<CommentRow>(`SELECT ${COMMENT_COLUMNS} FROM comments WHERE ${column} = $1 ORDER BY created_at, id`, [subject.id]);
  const caller = { actor: actorOf(opts.auth), mayManage: mayProject(opts.auth, subject.projectId, "manage") };
  return { comments: rows.map((r) => commentView(r, subject, caller)) };
}
