"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatInt } from "@/lib/format/format-values";
import { RelativeTime } from "../RelativeTime";
import { ErrorNotice, SkeletonRows } from "../Notice";
import { projectsQuery } from "../query/queries";
import { FirstRunSnippet } from "./FirstRunSnippet";
import { LoadDemoButton } from "./LoadDemoButton";

export function ProjectList() {
  const { data, error, refetch } = useQuery(projectsQuery());
  if (error && !data) return <ErrorNotice message={error.message} onRetry={() => void refetch()} />;
  if (!data) return <SkeletonRows rows={4} label="Loading projects" />;
  if (data.projects.length === 0) return <NoProjects />;
  return (
    <div className="space-y-6">
      <ul data-testid="project-list" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {data.projects.map((p) => (
          <li key={p.id} data-testid="project-card" data-slug={p.slug}>
            <Link
              href={`/projects/${encodeURIComponent(p.slug)}`}
              className="block h-full rounded-lg border border-slate-200 p-4 hover:border-indigo-400 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-800 dark:hover:border-indigo-500 dark:hover:bg-slate-900"
            >
              <div className="flex items-baseline justify-between gap-2">
                <span className="font-medium">{p.name}</span>
                <span className="text-sm tabular-nums text-slate-600 dark:text-slate-400">
                  {formatInt(p.runCount)} {p.runCount === 1 ? "run" : "runs"}
                </span>
              </div>
              <div className="mt-1 font-mono text-xs text-slate-500 dark:text-slate-400">{p.slug}</div>
              {p.description && <p className="mt-2 line-clamp-2 text-sm text-slate-600 dark:text-slate-300">{p.description}</p>}
              <div className="mt-3 text-xs text-slate-500 dark:text-slate-400">
                main metric <span className="font-medium text-slate-700 dark:text-slate-300">{p.mainMetric}</span> ({p.mainMetricMode}) · created{" "}
                <RelativeTime iso={p.createdAt} />
              </div>
            </Link>
          </li>
        ))}
      </ul>
      {!data.projects.some((p) => p.slug === "demo") && (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-600 dark:text-slate-400">Log a new run or load the example runs</summary>
          <div className="mt-3 space-y-4">
            <LoadDemoButton className="btn-secondary" />
            <FirstRunSnippet />
          </div>
        </details>
      )}
    </div>
  );
}

function NoProjects() {
  return (
    <div data-testid="empty" className="grid gap-8 rounded-lg border border-dashed border-slate-300 p-6 lg:grid-cols-[1fr_1.6fr] dark:border-slate-700">
      <div className="space-y-3">
        <h2 className="text-lg font-semibold">No runs yet</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Anneal compares optimizers, learning rates and schedules across your training runs. Load a set of real training logs to look around, or log your first
          run.
        </p>
        <LoadDemoButton />
      </div>
      <FirstRunSnippet />
    </div>
  );
}
