"use client";

import { useId } from "react";
import { REVIEW_LABELS, REVIEW_STATUSES } from "@/lib/review/review-status";
import { STATUS_OPTIONS, type RunsQuery } from "@/lib/runs/run-query";
import { useUrlDraft } from "../use-url-draft";

const SEARCH_DEBOUNCE_MS = 300;

/** Status select, tag and text search. Text inputs are debounced so typing doesn't fire a request per key. */
export function RunsFilters({ query, knownTags, onChange }: { query: RunsQuery; knownTags: string[]; onChange: (patch: Partial<RunsQuery>) => void }) {
  const id = useId();
  return (
    <form role="search" aria-label="Filter runs" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
        Status
        <select data-testid="filter-status" className="field" value={query.status} onChange={(e) => onChange({ status: e.target.value })}>
          <option value="">All</option>
          {STATUS_OPTIONS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
        Review
        <select data-testid="filter-review" className="field" value={query.review} onChange={(e) => onChange({ review: e.target.value })}>
          <option value="">All</option>
          {REVIEW_STATUSES.map((s) => (
            <option key={s} value={s}>
              {REVIEW_LABELS[s]}
            </option>
          ))}
          <option value="none">Not reviewed</option>
        </select>
      </label>
      <DebouncedInput label="Tag" testId="filter-tag" value={query.tag} onCommit={(tag) => onChange({ tag })} list={`${id}-tags`} placeholder="any tag" />
      <datalist id={`${id}-tags`}>
        {knownTags.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <DebouncedInput
        label="Search"
        testId="filter-q"
        value={query.q}
        onCommit={(q) => onChange({ q })}
        placeholder="name, notes, config…"
        type="search"
        wide
      />
    </form>
  );
}

function DebouncedInput({
  label,
  testId,
  value,
  onCommit,
  list,
  placeholder,
  type = "text",
  wide = false,
}: {
  label: string;
  testId: string;
  value: string;
  onCommit: (value: string) => void;
  list?: string;
  placeholder?: string;
  type?: "text" | "search";
  wide?: boolean;
}) {
  // Surrounding spaces don't change the filter: typing "adam " neither commits nor is trimmed away.
  const [draft, setDraft] = useUrlDraft(value, (d) => onCommit(d.trim()), { delayMs: SEARCH_DEBOUNCE_MS, same: (a, b) => a.trim() === b.trim() });
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
      {label}
      <input
        data-testid={testId}
        type={type}
        className={`field ${wide ? "w-64" : "w-40"}`}
        value={draft}
        list={list}
        placeholder={placeholder}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && onCommit(draft.trim())}
      />
    </label>
  );
}
