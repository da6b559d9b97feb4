"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { CompareResponse } from "../compare/types";
import { queryKeys } from "@/lib/client/query-keys";
import { serializeState, type CompareState } from "@/lib/compare/url-state";
import { comparisonPath } from "@/lib/review/paths";
import { projectBaselineQuery } from "../query/queries";
import { sendJson } from "./send-json";
import { useProjectCan } from "../auth/ProjectTabs";
import { useAfterFirstView } from "../first-view";
import { FormActions } from "../FormParts";

/**
 * The compare view's review row: "+ baseline" pins the project's baseline run into the comparison
 * (the verdict then speaks vs baseline), and "Save comparison" keeps this exact view under a name.
 */
export function ReviewBar({
  slug,
  state,
  update,
  vsBaseline,
}: {
  slug: string;
  state: CompareState;
  update: (patch: Partial<CompareState>) => void;
  vsBaseline?: CompareResponse["vsBaseline"];
}) {
  // Asked for once the page's charts are drawn: the button is no reason to hold them up.
  const baselineRuns = useQuery({ ...projectBaselineQuery(slug), enabled: useAfterFirstView() });
  const baseline = baselineRuns.data?.runs[0];
  const pinned = state.baseline !== null && state.runs.includes(state.baseline);
  // Pinning the baseline only changes this view; saving a comparison is editors'.
  const canSave = useProjectCan(slug, "write") === true;
  return (
    <section aria-label="Review" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {pinned ? (
          <button type="button" className="btn-secondary" data-testid="unpin-baseline" onClick={() => update({ baseline: null })}>
            − baseline
          </button>
        ) : (
          <button
            type="button"
            className="btn-secondary"
            data-testid="pin-baseline"
            disabled={!baseline}
            title={
              baseline
                ? `Compare every run with the baseline ${baseline.name}`
                : baselineRuns.isPending
                  ? "Looking for the project's baseline run…"
                  : "No run of this project is marked as the baseline"
            }
            onClick={() => baseline && update({ baseline: baseline.id, runs: state.runs.includes(baseline.id) ? state.runs : [baseline.id, ...state.runs] })}
          >
            + baseline
          </button>
        )}
        {canSave && <SaveComparison slug={slug} state={state} />}
      </div>
      {vsBaseline && (
        <p
          data-testid="vs-baseline"
          className="rounded-md border border-violet-300 bg-violet-50 px-3 py-2 text-sm text-violet-950 dark:border-violet-800 dark:bg-violet-950 dark:text-violet-100"
        >
          {vsBaseline.text}
        </p>
      )}
    </section>
  );
}

function SaveComparison({ slug, state }: { slug: string; state: CompareState }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [result, setResult] = useState<{ ok: boolean; text: string; href?: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const saved = await sendJson<{ id: string }>("POST", `/api/v1/projects/${encodeURIComponent(slug)}/comparisons`, {
        name,
        description: description || undefined,
        state: serializeState(state),
      });
      setResult({ ok: true, text: "Saved.", href: comparisonPath(slug, saved.id) });
      setOpen(false);
      await client.invalidateQueries({ queryKey: queryKeys.comparisons(slug) });
    } catch (err) {
      setResult({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <>
      {!open && (
        <button type="button" className="btn-primary" data-testid="save-comparison" onClick={() => setOpen(true)}>
          Save comparison
        </button>
      )}
      {open && (
        <form onSubmit={(e) => void submit(e)} className="flex flex-wrap items-center gap-2" data-testid="save-comparison-form">
          <input
            aria-label="Name"
            placeholder="Name, e.g. SGD vs AdamW, week 49"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            className="field w-64"
          />
          <input
            aria-label="Description (optional)"
            placeholder="Description (optional)"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            className="field w-72"
          />
          <FormActions submitLabel="Save" disabled={!name.trim()} onCancel={() => setOpen(false)} />
        </form>
      )}
      {result && (
        <span
          role={result.ok ? "status" : "alert"}
          className={`text-sm ${result.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}
        >
          {result.text}{" "}
          {result.href && (
            <a className="link" href={result.href} data-testid="saved-comparison-link">
              Open the saved comparison
            </a>
          )}
        </span>
      )}
    </>
  );
}
