"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLayoutEffect, useState } from "react";
import { queryKeys } from "@/lib/client/query-keys";
import { parseState, serializeState } from "@/lib/compare/url-state";
import { projectPath } from "@/lib/review/paths";
import { CompareView } from "../compare/CompareView";
import { ErrorNotice, SkeletonRows } from "../Notice";
import { RelativeTime } from "../RelativeTime";
import { comparisonQuery } from "../query/queries";
import { CommentThreads } from "./CommentThreads";
import { Markdown } from "./Markdown";
import { sendJson } from "./send-json";

/**
 * A saved comparison, as a team opens it in its weekly meeting: who saved it and why, the verdict
 * as saved and — when the runs changed since — as it is now, the exact compare view (the saved
 * URL state), and its comment thread.
 */
export function ComparisonView({ slug, id, focusComment }: { slug: string; id: string; focusComment: string | null }) {
  const comparison = useQuery(comparisonQuery(id));
  const c = comparison.data;
  // The compare view reads its state from the URL: put the saved state there once (a ?comment= link keeps its comment).
  const [restored, setRestored] = useState(false);
  useLayoutEffect(() => {
    if (!c || restored) return;
    if (!new URLSearchParams(window.location.search).has("runs")) window.history.replaceState(null, "", `?${c.state}`);
    // The URL exists only in the browser, so it is written in a layout effect (before paint); the
    // one re-render this flag causes is what shows the compare view reading it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setRestored(true);
  }, [c, restored]);

  if (comparison.error) return <ErrorNotice message={comparison.error.message} onRetry={() => void comparison.refetch()} />;
  if (!c || !restored) return <SkeletonRows rows={8} label="Loading comparison" />;
  const axis = parseState(new URLSearchParams(c.state)).x;
  return (
    <div className="space-y-6" data-testid="comparison-view" data-comparison-id={c.id}>
      <header className="space-y-2">
        <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
          <Link href="/" className="link">
            Projects
          </Link>{" "}
          /{" "}
          <Link href={projectPath(slug)} className="link">
            {slug}
          </Link>{" "}
          / <span aria-current="page">saved comparison</span>
        </nav>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold break-all" data-testid="comparison-name">
            {c.name}
          </h1>
          <span className="text-sm text-slate-600 dark:text-slate-400">
            saved by <span data-testid="comparison-author">{c.author.name}</span> <RelativeTime iso={c.createdAt} />
            {c.updatedAt !== c.createdAt && (
              <>
                , updated <RelativeTime iso={c.updatedAt} />
              </>
            )}
          </span>
          <ComparisonActions slug={slug} id={c.id} canEdit={c.canEdit} canDelete={c.canDelete} />
        </div>
        {c.description && <Markdown source={c.description} className="max-w-prose text-slate-700 dark:text-slate-300" />}
      </header>

      <section aria-labelledby="verdicts-h" className="space-y-2" data-testid="saved-verdict">
        <h2 id="verdicts-h" className="text-sm font-semibold tracking-wide text-slate-700 uppercase dark:text-slate-300">
          Verdict {c.changes.length ? "as saved" : ""}
        </h2>
        <p className="text-sm">{c.saved?.verdict?.text ?? "No verdict: these runs form a single arm (group them by a setting to compare arms)."}</p>
        {c.saved?.vsBaseline && <p className="text-sm">{c.saved.vsBaseline.text}</p>}
        {c.changes.length > 0 && (
          <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950" data-testid="changed-since">
            <p className="font-medium">The runs changed since this was saved:</p>
            <ul className="list-disc pl-5">
              {c.changes.map((ch) => (
                <li key={ch.runId}>
                  {ch.name}: {ch.change}
                </li>
              ))}
            </ul>
            <p className="mt-2 font-medium">Verdict now:</p>
            <p data-testid="verdict-now">{c.current?.verdict?.text ?? "No verdict now."}</p>
            {c.current?.vsBaseline && <p>{c.current.vsBaseline.text}</p>}
          </div>
        )}
      </section>

      <CompareView slug={slug} />

      <CommentThreads subject={{ kind: "comparison", id: c.id, axis }} keys={compareChartKeys(c.state)} focus={focusComment} />
    </div>
  );
}

/** Keys a comparison comment can anchor to: the view's charts, else the usual ones. */
function compareChartKeys(state: string): string[] {
  const s = parseState(new URLSearchParams(state));
  return s.charts ? s.charts.map((c) => c.join("+")) : ["lr", s.metric ?? "mIoU", "loss"];
}

function ComparisonActions({ slug, id, canEdit, canDelete }: { slug: string; id: string; canEdit: boolean; canDelete: boolean }) {
  const client = useQueryClient();
  const router = useRouter();
  const [note, setNote] = useState<string | null>(null);
  const saveView = async () => {
    try {
      const state = serializeState(parseState(new URLSearchParams(window.location.search)));
      await sendJson("PATCH", `/api/v1/comparisons/${id}`, { state });
      await client.invalidateQueries({ queryKey: queryKeys.comparison(id) });
      setNote("Saved this view.");
    } catch (err) {
      setNote(err instanceof Error ? err.message : String(err));
    }
  };
  const remove = async () => {
    if (!window.confirm("Delete this saved comparison and its comments?")) return;
    try {
      await sendJson("DELETE", `/api/v1/comparisons/${id}`);
      await client.invalidateQueries({ queryKey: queryKeys.comparisons(slug) });
      router.push(projectPath(slug));
    } catch (err) {
      setNote(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <span className="ml-auto flex items-center gap-2">
      {canEdit && (
        <button
          type="button"
          className="btn-secondary"
          onClick={() => void saveView()}
          title="Replace the saved view with the one on screen (takes a new verdict snapshot)"
        >
          Save current view
        </button>
      )}
      {canDelete && (
        <button type="button" className="btn-secondary" onClick={() => void remove()}>
          Delete
        </button>
      )}
      {note && (
        <span role="status" className="text-xs">
          {note}
        </span>
      )}
    </span>
  );
}
