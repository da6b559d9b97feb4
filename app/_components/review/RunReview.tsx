"use client";

import { useQueryClient } from "@tanstack/react-query";
import { splitCommaList } from "@/lib/comma-list";
import { useState, type FormEvent } from "react";
import { queryKeys } from "@/lib/client/query-keys";
import { REVIEW_LABELS, REVIEW_STATUSES } from "@/lib/review/review-status";
import type { RunDetail } from "../api-types";
import { Chip } from "../Notice";
import { Markdown } from "./Markdown";
import { ReviewBadge } from "./ReviewBadge";
import { sendJson } from "./send-json";
import { FormActions, FormError } from "../FormParts";

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** PATCHes the run and refreshes what shows it (the page's run, the runs table). */
function usePatchRun(run: RunDetail) {
  const client = useQueryClient();
  return async (patch: Record<string, unknown>) => {
    await sendJson("PATCH", `/api/v1/runs/${encodeURIComponent(run.id)}`, patch);
    await client.invalidateQueries({ queryKey: queryKeys.run(run.id) });
    await client.invalidateQueries({ queryKey: queryKeys.project(run.project) });
  };
}

/** The run's review status: a badge, and for editors a picker (setting "baseline" moves the project's baseline here). */
export function ReviewControl({ run, canEdit }: { run: RunDetail; canEdit: boolean }) {
  const patch = usePatchRun(run);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <ReviewBadge review={run.review} by={run.reviewedBy} />
      {canEdit && (
        <label className="text-xs text-slate-600 dark:text-slate-400">
          <span className="sr-only">Review status</span>
          <select
            data-testid="review-select"
            value={run.review ?? ""}
            onChange={(e) => {
              setError(null);
              patch({ review: e.target.value || null }).catch((err: unknown) => setError(message(err)));
            }}
            className="rounded border border-slate-300 px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900"
          >
            <option value="">{run.review ? "Clear review status" : "Set review status…"}</option>
            {REVIEW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {REVIEW_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      )}
      <FormError error={error} inline />
    </span>
  );
}

/** Tags as chips; editors edit them inline (comma-separated). */
export function TagsEditor({ run, canEdit }: { run: RunDetail; canEdit: boolean }) {
  const patch = usePatchRun(run);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await patch({
        tags: [...new Set(splitCommaList(text))],
      });
      setEditing(false);
      setError(null);
    } catch (err) {
      setError(message(err));
    }
  };
  if (editing)
    return (
      <form onSubmit={(e) => void save(e)} className="flex flex-wrap items-center gap-2" data-testid="tags-form">
        <input
          aria-label="Tags, separated by commas"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="w-80 rounded border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-600 dark:bg-slate-900"
        />
        <FormActions submitLabel="Save tags" onCancel={() => setEditing(false)} />
        <FormError error={error} inline />
      </form>
    );
  return (
    <div className="flex flex-wrap items-center gap-1">
      {run.tags.length > 0 && (
        <ul aria-label="Tags" className="flex flex-wrap gap-1" data-testid="tags">
          {run.tags.map((t) => (
            <li key={t}>
              <Chip>{t}</Chip>
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <button
          type="button"
          className="link text-xs"
          data-testid="edit-tags"
          onClick={() => {
            setText(run.tags.join(", "));
            setEditing(true);
          }}
        >
          {run.tags.length ? "Edit tags" : "Add tags"}
        </button>
      )}
    </div>
  );
}

/** The run's notes in Markdown; editors edit them inline. */
export function NotesEditor({ run, canEdit }: { run: RunDetail; canEdit: boolean }) {
  const patch = usePatchRun(run);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (draft !== null)
    return (
      <form
        className="max-w-prose space-y-2"
        data-testid="notes-form"
        onSubmit={(e) => {
          e.preventDefault();
          patch({ notes: draft }).then(
            () => setDraft(null),
            (err: unknown) => setError(message(err)),
          );
        }}
      >
        <textarea
          aria-label="Notes (Markdown)"
          rows={5}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          className="w-full rounded-md border border-slate-300 p-2 text-sm dark:border-slate-600 dark:bg-slate-900"
        />
        <div className="flex gap-2">
          <FormActions submitLabel="Save notes" onCancel={() => setDraft(null)} />
        </div>
        <FormError error={error} />
      </form>
    );
  return (
    <div className="max-w-prose" data-testid="notes">
      {run.notes && <Markdown source={run.notes} className="text-slate-700 dark:text-slate-300" />}
      {canEdit && (
        <button type="button" className="link text-xs" data-testid="edit-notes" onClick={() => setDraft(run.notes ?? "")}>
          {run.notes ? "Edit notes" : "Add notes"}
        </button>
      )}
    </div>
  );
}
