"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { REVIEW_LABELS, REVIEW_STATUSES } from "@/lib/review/review-status";
import { sendJson } from "./send-json";

/**
 * The runs table selection's bulk actions (editors): one review status, or a tag added or
 * removed, on every selected run at once (POST /api/v1/runs/bulk, all or nothing).
 */
export function BulkActions({ selected, canEdit }: { selected: ReadonlySet<string>; canEdit: boolean }) {
  const client = useQueryClient();
  const [action, setAction] = useState("");
  const [tag, setTag] = useState("");
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  if (!canEdit || selected.size === 0) return null;
  const needsTag = action === "add-tag" || action === "remove-tag";
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = { ids: [...selected] };
    if (action === "add-tag") body.addTags = [tag.trim()];
    else if (action === "remove-tag") body.removeTags = [tag.trim()];
    else body.review = action === "clear" ? null : action;
    try {
      const r = await sendJson<{ updated: number; unchanged: number }>("POST", "/api/v1/runs/bulk", body);
      setNote({ ok: true, text: `${r.updated} run${r.updated === 1 ? "" : "s"} updated` });
      setAction("");
      setTag("");
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] === "project" || q.queryKey[0] === "run" });
    } catch (err) {
      setNote({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <form
      onSubmit={(e) => void submit(e)}
      className="flex flex-wrap items-center gap-2 text-sm"
      data-testid="bulk-actions"
      aria-label="Change the selected runs"
    >
      <select
        aria-label={`Bulk change for ${selected.size} selected runs`}
        value={action}
        onChange={(e) => setAction(e.target.value)}
        className="field"
        data-testid="bulk-action"
      >
        <option value="">{selected.size} selected: change…</option>
        <optgroup label="Review status">
          {REVIEW_STATUSES.filter((s) => s !== "baseline" || selected.size === 1).map((s) => (
            <option key={s} value={s}>
              Mark {REVIEW_LABELS[s].toLowerCase()}
            </option>
          ))}
          <option value="clear">Clear review status</option>
        </optgroup>
        <optgroup label="Tags">
          <option value="add-tag">Add a tag</option>
          <option value="remove-tag">Remove a tag</option>
        </optgroup>
      </select>
      {needsTag && <input aria-label="Tag" value={tag} onChange={(e) => setTag(e.target.value)} className="field w-32" data-testid="bulk-tag" />}
      <button type="submit" className="btn-secondary" disabled={!action || (needsTag && !tag.trim())}>
        Apply
      </button>
      {note && (
        <span
          role={note.ok ? "status" : "alert"}
          className={`text-xs ${note.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}
        >
          {note.text}
        </span>
      )}
    </form>
  );
}
