"use client";

import Link from "next/link";
import type { RunDiagnosis, RunSummary } from "../api-types";
import { LivePlateauBadge } from "../diagnosis/PlateauBadge";
import { ScheduleCell } from "../diagnosis/ScheduleCell";
import { formatAny, formatDuration, formatInt, formatLr, formatMetric } from "@/lib/format/format-values";
import { RelativeTime } from "../RelativeTime";
import { Chip } from "../Notice";
import { StatusBadge } from "../StatusBadge";
import { ReviewBadge } from "../review/ReviewBadge";
import { SortHeader } from "./SortHeader";
import type { RunsQuery } from "@/lib/runs/run-query";

interface Props {
  project: string;
  mainMetric: string;
  runs: RunSummary[];
  /** Recognised schedule and live plateau per run id (may arrive after the runs). */
  diagnosis?: ReadonlyMap<string, RunDiagnosis>;
  query: RunsQuery;
  onSort: (sort: string) => void;
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
}

const cell = "px-2 py-1.5 whitespace-nowrap";
const num = `${cell} text-right tabular-nums`;

export function RunsTable({ project, mainMetric, runs, diagnosis, query, onSort, selected, onSelect }: Props) {
  const ids = runs.map((r) => r.id);
  const selectedOnPage = ids.filter((id) => selected.has(id)).length;
  const header = (label: string, sort: string, align?: "right") => <SortHeader label={label} sort={sort} query={query} onSort={onSort} align={align} />;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table data-testid="runs-table" className="w-full text-sm">
        <caption className="sr-only">
          Runs of project {project}, sorted by {query.sort} {query.order === "asc" ? "ascending" : "descending"}
        </caption>
        <thead className="bg-slate-50 text-xs text-slate-600 dark:bg-slate-900 dark:text-slate-400">
          <tr>
            <th scope="col" className="w-8 px-2 py-2">
              <input
                type="checkbox"
                data-testid="select-page"
                aria-label="Select all runs on this page"
                className="size-4 accent-indigo-600"
                checked={runs.length > 0 && selectedOnPage === runs.length}
                ref={(el) => {
                  if (el) el.indeterminate = selectedOnPage > 0 && selectedOnPage < runs.length;
                }}
                onChange={(e) => onSelect(ids, e.target.checked)}
              />
            </th>
            {header("Name", "name")}
            {header("Status", "status")}
            {header("Review", "review")}
            {header("Optimizer", "config.optimizer")}
            {header("LR", "config.lr", "right")}
            {header("Schedule", "config.schedule")}
            {header("Batch", "config.batch_size", "right")}
            {header(`best ${mainMetric}`, "best", "right")}
            {header("Last step", "lastStep", "right")}
            {header("Duration", "duration", "right")}
            <th scope="col" className="px-2 py-2 text-left font-medium">
              Tags
            </th>
            {header("Started", "startedAt")}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {runs.map((run) => (
            <tr key={run.id} data-testid="run-row" data-run-id={run.id} data-status={run.status} className="hover:bg-slate-50 dark:hover:bg-slate-900/60">
              <td className="px-2 py-1.5">
                <input
                  type="checkbox"
                  data-testid="select-run"
                  aria-label={`Select ${run.name}`}
                  className="size-4 accent-indigo-600"
                  checked={selected.has(run.id)}
                  onChange={(e) => onSelect([run.id], e.target.checked)}
                />
              </td>
              <th scope="row" className={`${cell} max-w-72 truncate text-left font-medium`}>
                <Link className="link" href={`/projects/${encodeURIComponent(project)}/runs/${run.id}`} title={run.name}>
                  {run.name}
                </Link>
              </th>
              <td className={cell}>
                <span className="inline-flex items-center gap-1.5">
                  <StatusBadge status={run.status} />
                  <LivePlateauBadge status={run.status} diagnosis={diagnosis?.get(run.id)} />
                </span>
              </td>
              <td className={cell}>
                <ReviewBadge review={run.review} by={run.reviewedBy} />
              </td>
              <td className={cell}>{text(run.optimizer)}</td>
              <td className={num}>{formatLr(run.lr)}</td>
              <td className={cell}>
                <ScheduleCell configured={text(run.schedule)} diagnosis={diagnosis?.get(run.id)?.schedule ?? undefined} />
              </td>
              <td className={num}>{text(run.batchSize)}</td>
              <td className={num} data-testid="best" title={run.best.step === null ? undefined : `at step ${formatInt(run.best.step)}`}>
                {formatMetric(run.best.value)}
              </td>
              <td className={num}>{formatInt(run.lastStep)}</td>
              <td className={num}>{formatDuration(run.durationSeconds)}</td>
              <td className="px-2 py-1.5">
                <div className="flex max-w-56 flex-wrap gap-1">
                  {run.tags.map((t) => (
                    <Chip key={t}>{t}</Chip>
                  ))}
                </div>
              </td>
              <td className={`${cell} text-slate-600 dark:text-slate-400`}>
                <RelativeTime iso={run.startedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function text(value: unknown): string {
  return value === "" ? "—" : formatAny(value);
}
