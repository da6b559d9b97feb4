"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { ApiFailure } from "@/lib/client/api-fetch";
import { MAX_COMMENT_CHARS } from "@/lib/review/comment-limits";
import { formatInt } from "@/lib/format/format-values";
import { ErrorNotice, SkeletonRows } from "../Notice";
import { RelativeTime } from "../RelativeTime";
import { commentsQuery } from "../query/queries";
import { Markdown } from "./Markdown";
import type { Comment } from "./review-types";
import { sendJson } from "./send-json";
import { FormActions, FormError } from "../FormParts";

export type CommentSubject = { kind: "run"; id: string } | { kind: "comparison"; id: string; axis: string };
export type Anchor = { key: string; x: number; axis: string };

/** A comment's anchor as one shape for both subjects (a run's step is x on the step axis). */
export function anchorOf(c: Comment): Anchor | null {
  if (!c.anchor) return null;
  return "step" in c.anchor ? { key: c.anchor.key, x: c.anchor.step, axis: "step" } : c.anchor;
}

export function useComments(subject: CommentSubject) {
  return useQuery(commentsQuery(subject));
}

const base = (s: CommentSubject) => (s.kind === "run" ? `/api/v1/runs/${encodeURIComponent(s.id)}` : `/api/v1/comparisons/${encodeURIComponent(s.id)}`);

/**
 * The comment threads of a run or a saved comparison: new comments (optionally anchored to a point
 * of a chart), replies, edit and delete. `focus` (a ?comment= link) scrolls to and highlights a
 * thread; `draft` pre-fills the anchor when a chart marker asks for a comment at a point.
 */
export function CommentThreads({
  subject,
  keys,
  focus,
  draft,
  onShowAnchor,
}: {
  subject: CommentSubject;
  /** Metric keys (chart ids) a comment can be anchored to. */
  keys: readonly string[];
  focus: string | null;
  draft?: Anchor | null;
  onShowAnchor?: (anchor: Anchor, commentId: string) => void;
}) {
  const comments = useComments(subject);
  const threads = useMemo(() => {
    const list = comments.data?.comments ?? [];
    return list.filter((c) => !c.parentId).map((root) => ({ root, replies: list.filter((c) => c.parentId === root.id) }));
  }, [comments.data]);

  useEffect(() => {
    if (!focus || !comments.data) return;
    const c = comments.data.comments.find((x) => x.id === focus);
    document.getElementById(`comment-${c?.threadId ?? focus}`)?.scrollIntoView({ block: "center" });
  }, [focus, comments.data]);

  return (
    <section aria-labelledby="comments-h" className="space-y-3" data-testid="comments">
      <h2 id="comments-h" className="text-base font-semibold">
        Comments {comments.data && <span className="text-sm font-normal text-slate-500">({comments.data.comments.filter((c) => !c.deleted).length})</span>}
      </h2>
      <CommentForm subject={subject} keys={keys} draft={draft ?? null} />
      {comments.error && <ErrorNotice message={comments.error.message} onRetry={() => void comments.refetch()} />}
      {comments.isPending && <SkeletonRows rows={2} label="Loading comments" />}
      {comments.data && threads.length === 0 && <p className="text-sm text-slate-500 dark:text-slate-400">No comments yet.</p>}
      <ol className="space-y-3">
        {threads.map(({ root, replies }) => (
          <li
            key={root.id}
            id={`comment-${root.id}`}
            data-testid="thread"
            data-focused={focus !== null && (focus === root.id || replies.some((r) => r.id === focus))}
            className="rounded-lg border border-slate-200 p-3 data-[focused=true]:border-indigo-500 data-[focused=true]:ring-2 data-[focused=true]:ring-indigo-200 dark:border-slate-800 dark:data-[focused=true]:ring-indigo-900"
          >
            <CommentItem subject={subject} comment={root} onShowAnchor={onShowAnchor} />
            {replies.length > 0 && (
              <ol className="mt-2 space-y-2 border-l-2 border-slate-200 pl-3 dark:border-slate-700">
                {replies.map((r) => (
                  <li key={r.id} id={`comment-${r.id}`}>
                    <CommentItem subject={subject} comment={r} />
                  </li>
                ))}
              </ol>
            )}
            {!root.deleted || replies.length ? <ReplyForm subject={subject} parentId={root.id} /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function useRefreshComments(subject: CommentSubject) {
  const client = useQueryClient();
  const key = commentsQuery(subject).queryKey;
  return () => client.invalidateQueries({ queryKey: key });
}

const message = (err: unknown) => (err instanceof ApiFailure || err instanceof Error ? err.message : String(err));

function CommentItem({ subject, comment, onShowAnchor }: { subject: CommentSubject; comment: Comment; onShowAnchor?: (a: Anchor, id: string) => void }) {
  const refresh = useRefreshComments(subject);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const anchor = anchorOf(comment);
  const remove = async () => {
    if (!window.confirm("Delete this comment?")) return;
    try {
      await sendJson("DELETE", `/api/v1/comments/${comment.id}`);
      await refresh();
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <article data-testid="comment" data-comment-id={comment.id} className="space-y-1">
      <header className="flex flex-wrap items-center gap-x-2 text-xs text-slate-500 dark:text-slate-400">
        <span className="font-medium text-slate-800 dark:text-slate-200">{comment.deleted ? "—" : comment.author.name}</span>
        <RelativeTime iso={comment.createdAt} />
        {comment.editedAt && <span title={comment.editedAt}>(edited)</span>}
        {anchor && (
          <button
            type="button"
            className="link"
            data-testid="comment-anchor"
            onClick={() => onShowAnchor?.(anchor, comment.id)}
            title="Show this point on its chart"
            disabled={!onShowAnchor}
          >
            {anchor.key} @ {anchor.axis} {anchor.axis === "step" ? formatInt(anchor.x) : anchor.x}
          </button>
        )}
      </header>
      {comment.deleted ? (
        <p className="text-sm text-slate-500 italic">This comment was deleted.</p>
      ) : editing ? (
        <BodyEditor
          initial={comment.body}
          submitLabel="Save"
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            await sendJson("PATCH", `/api/v1/comments/${comment.id}`, { body });
            setEditing(false);
            await refresh();
          }}
        />
      ) : (
        <Markdown source={comment.body} />
      )}
      {!editing && (comment.canEdit || comment.canDelete) && (
        <div className="flex gap-3 text-xs">
          {comment.canEdit && (
            <button type="button" className="link" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
          {comment.canDelete && (
            <button type="button" className="link" onClick={() => void remove()}>
              Delete
            </button>
          )}
        </div>
      )}
      <FormError error={error} small />
    </article>
  );
}

/** A Markdown textarea with a submit button; shows the server's error (e.g. the length limit) below. */
function BodyEditor({
  initial = "",
  submitLabel,
  onSubmit,
  onCancel,
  label = "Comment",
  children,
}: {
  initial?: string;
  submitLabel: string;
  onSubmit: (body: string) => Promise<void>;
  onCancel?: () => void;
  label?: string;
  children?: React.ReactNode;
}) {
  const [body, setBody] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(body);
      setBody("");
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-2">
      <label className="sr-only" htmlFor={undefined}>
        {label}
      </label>
      <textarea
        aria-label={label}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        maxLength={MAX_COMMENT_CHARS}
        rows={3}
        placeholder="Markdown; @name mentions a project member"
        className="w-full rounded-md border border-slate-300 bg-white p-2 text-sm dark:border-slate-600 dark:bg-slate-900"
      />
      <div className="flex flex-wrap items-center gap-2">
        {children}
        <FormActions submitLabel={submitLabel} disabled={busy || body.trim() === ""} onCancel={onCancel} />
      </div>
      <FormError error={error} />
    </form>
  );
}

function CommentForm({ subject, keys, draft }: { subject: CommentSubject; keys: readonly string[]; draft: Anchor | null }) {
  const refresh = useRefreshComments(subject);
  const [key, setKey] = useState(draft?.key ?? "");
  const [x, setX] = useState(draft ? String(draft.x) : "");
  // A new draft anchor (a click on the chart) fills the fields; adjusted while rendering, not in an effect after it.
  const [shownDraft, setShownDraft] = useState(draft);
  if (draft !== shownDraft) {
    setShownDraft(draft);
    if (draft) {
      setKey(draft.key);
      setX(String(draft.x));
    }
  }
  const axis = subject.kind === "comparison" ? subject.axis : "step";
  return (
    <div data-testid="comment-form">
      <BodyEditor
        label="New comment"
        submitLabel="Comment"
        onSubmit={async (body) => {
          const at = Number(x);
          const anchor = key && x.trim() !== "" && Number.isFinite(at) ? (subject.kind === "run" ? { key, step: at } : { key, x: at, axis }) : undefined;
          await sendJson("POST", `${base(subject)}/comments`, { body, anchor });
          setKey("");
          setX("");
          await refresh();
        }}
      >
        <label className="flex items-center gap-1 text-xs text-slate-600 dark:text-slate-400">
          on chart
          <select
            value={key}
            onChange={(e) => setKey(e.target.value)}
            data-testid="anchor-key"
            className="rounded border border-slate-300 px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900"
          >
            <option value="">(none)</option>
            {keys.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        {key && (
          <label className="flex items-center gap-1 text-xs text-slate-600 dark:text-slate-400">
            at {axis}
            <input
              type="number"
              value={x}
              onChange={(e) => setX(e.target.value)}
              data-testid="anchor-x"
              step="any"
              min={subject.kind === "run" ? 0 : undefined}
              className="w-28 rounded border border-slate-300 px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900"
            />
          </label>
        )}
      </BodyEditor>
    </div>
  );
}

function ReplyForm({ subject, parentId }: { subject: CommentSubject; parentId: string }) {
  const refresh = useRefreshComments(subject);
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" className="link mt-2 text-xs" onClick={() => setOpen(true)} data-testid="reply">
        Reply
      </button>
    );
  return (
    <div className="mt-2">
      <BodyEditor
        label="Reply"
        submitLabel="Reply"
        onCancel={() => setOpen(false)}
        onSubmit={async (body) => {
          await sendJson("POST", `${base(subject)}/comments`, { body, parentId });
          setOpen(false);
          await refresh();
        }}
      />
    </div>
  );
}
