"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import type { RunList } from "../api-types";
import { formatInt } from "@/lib/format/format-values";
import { ErrorNotice, SkeletonRows } from "../Notice";
import { FirstRunSnippet } from "../projects/FirstRunSnippet";
import { LoadDemoButton } from "../projects/LoadDemoButton";
import { pollWhile, projectQuery, projectRunsQuery } from "../query/queries";
import { useRunsDiagnosis } from "../diagnosis/use-runs-diagnosis";
import { RunsFilters } from "./RunsFilters";
import { RunsTable } from "./RunsTable";
import { useLive } from "../live/LiveProject";
import { BulkActions } from "../review/BulkActions";
import { useProjectCan } from "../auth/ProjectTabs";

import { nextSort, PAGE_SIZE, pageSearch, readRunsQuery, type RunsQuery } from "@/lib/runs/run-query";

const LIVE_REFRESH_MS = 10_000;
/** With nothing running the table still looks for new runs, just less often. */
const IDLE_REFRESH_MS = 30_000;
const anyRunning = (list: RunList) => list.runs.some((r) => r.status === "running");
const livePoll = pollWhile(LIVE_REFRESH_MS, anyRunning);
const refreshInterval = (q: { state: { data: RunList | undefined } }) => livePoll(q) || IDLE_REFRESH_MS;

/** The project page's data view: filters, sortable runs table, pagination, selection for compare. */
export function RunsView({ slug }: { slug: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query = useMemo(() => readRunsQuery(new URLSearchParams(params.toString())), [params]);
  // Cursors of the pages before this one; the API cursor is forward-only.
  const [previousCursors, setPreviousCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const project = useQuery(projectQuery(slug));
  // Bulk status and tags are editors'; viewers still select runs to compare them.
  const canEdit = useProjectCan(slug, "write") === true;
  // The previous page stays on screen (faded) while filters, sort or page change.
  // While the project's event stream is open, events refresh the table; polling is the fallback.
  const { connected } = useLive();
  const runs = useQuery({ ...projectRunsQuery(slug, query), placeholderData: keepPreviousData, refetchInterval: connected ? false : refreshInterval });
  const live = runs.data !== undefined && anyRunning(runs.data);
  // Asked for once the page's runs are known; refreshed along with the table while runs are live.
  const diagnosis = useRunsDiagnosis(runs.data?.runs.map((r) => r.id) ?? [], live && !connected ? LIVE_REFRESH_MS : undefined);

  const navigate = useCallback((next: RunsQuery) => router.replace(`${pathname}${pageSearch(next)}`, { scroll: false }), [router, pathname]);
  const update = useCallback(
    (patch: Partial<RunsQuery>) => {
      setPreviousCursors([]);
      navigate({ ...query, ...patch, cursor: "" });
    },
    [navigate, query],
  );
  const onSelect = useCallback((ids: string[], on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);

  if (project.error) return <ErrorNotice message={project.error.message} onRetry={() => void project.refetch()} />;
  const mainMetric = project.data?.mainMetric ?? runs.data?.runs[0]?.best.metric ?? "mIoU";
  const filtered = query.status !== "" || query.review !== "" || query.tag !== "" || query.q !== "";
  const knownTags = [...new Set(runs.data?.runs.flatMap((r) => r.tags) ?? [])].sort();
  const pageIndex = previousCursors.length;

  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{project.data?.name ?? slug}</h1>
          {project.data?.description && <p className="text-sm text-slate-600 dark:text-slate-400">{project.data.description}</p>}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link className="link text-sm" href={`/projects/${encodeURIComponent(slug)}/alerts`} data-testid="alerts-link">
            Alerts
          </Link>
          <BulkActions selected={selected} canEdit={canEdit} />
          <CompareButton slug={slug} selected={selected} onClear={() => setSelected(new Set())} />
        </div>
      </header>
      {(filtered || !runs.data || runs.data.total > 0) && <RunsFilters query={query} knownTags={knownTags} onChange={update} />}
      {runs.error && <ErrorNotice message={runs.error.message} onRetry={() => void runs.refetch()} />}
      {runs.isPending && <SkeletonRows rows={8} label="Loading runs" />}
      {runs.data && runs.data.total === 0 && !filtered && <NoRuns slug={slug} />}
      {runs.data && runs.data.total === 0 && filtered && (
        <p
          data-testid="empty"
          className="rounded-lg border border-dashed border-slate-300 p-6 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400"
        >
          No runs match these filters.{" "}
          <button type="button" className="link" onClick={() => update({ status: "", review: "", tag: "", q: "" })}>
            Clear filters
          </button>
        </p>
      )}
      {runs.data && runs.data.total > 0 && (
        <div
          data-testid="runs"
          data-state={runs.isPlaceholderData ? "loading" : "ready"}
          data-total={runs.data.total}
          className={`space-y-3 transition-opacity ${runs.isPlaceholderData ? "opacity-70" : ""}`}
        >
          <RunsTable
            project={slug}
            mainMetric={mainMetric}
            runs={runs.data.runs}
            diagnosis={diagnosis}
            query={query}
            onSort={(s) => update(nextSort(query, s, project.data?.mainMetricMode))}
            selected={selected}
            onSelect={onSelect}
          />
          <nav aria-label="Pagination" className="flex items-center justify-between gap-4 text-sm">
            <p aria-live="polite" data-testid="runs-total" className="text-slate-600 dark:text-slate-400">
              {formatInt(pageIndex * PAGE_SIZE + 1)}–{formatInt(pageIndex * PAGE_SIZE + runs.data.runs.length)} of {formatInt(runs.data.total)} runs
              {live && <span className="ml-2 text-sky-700 dark:text-sky-300">· live</span>}
            </p>
            <div className="flex gap-2">
              <button
                type="button"
                className="btn-secondary"
                data-testid="page-prev"
                disabled={query.cursor === ""}
                onClick={() => {
                  setPreviousCursors((c) => c.slice(0, -1));
                  navigate({ ...query, cursor: previousCursors.at(-1) ?? "" });
                }}
              >
                ← Prev
              </button>
              <button
                type="button"
                className="btn-secondary"
                data-testid="page-next"
                disabled={!runs.data.nextCursor}
                onClick={() => {
                  setPreviousCursors((c) => [...c, query.cursor]);
                  navigate({ ...query, cursor: runs.data?.nextCursor ?? "" });
                }}
              >
                Next →
              </button>
            </div>
          </nav>
        </div>
      )}
    </div>
  );
}

function CompareButton({ slug, selected, onClear }: { slug: string; selected: ReadonlySet<string>; onClear: () => void }) {
  const n = selected.size;
  const href = `/projects/${encodeURIComponent(slug)}/compare?runs=${[...selected].join(",")}`;
  return (
    <div className="flex items-center gap-2">
      {n > 0 && (
        <button type="button" className="link text-sm" onClick={onClear}>
          Clear selection
        </button>
      )}
      {n >= 2 ? (
        <Link href={href} className="btn-primary" data-testid="compare">
          Compare ({n})
        </Link>
      ) : (
        <span aria-disabled="true" title="Select at least two runs" className="btn-primary cursor-not-allowed opacity-50" data-testid="compare">
          Compare ({n})
        </span>
      )}
    </div>
  );
}

function NoRuns({ slug }: { slug: string }) {
  return (
    <div data-testid="empty" className="grid gap-6 rounded-lg border border-dashed border-slate-300 p-6 lg:grid-cols-[1fr_1.6fr] dark:border-slate-700">
      <div className="space-y-3">
        <h2 className="text-lg font-semibold">No runs yet</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Runs appear here while they train. Log one from your training script, or load the example runs to look around.
        </p>
        <LoadDemoButton />
      </div>
      <FirstRunSnippet project={slug} />
    </div>
  );
}
