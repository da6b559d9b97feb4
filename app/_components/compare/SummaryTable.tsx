"use client";

import { useState } from "react";
import { fromWire, type RunSummary } from "../api-types";
import { formatDuration, formatInt, formatLr, formatMetric } from "@/lib/format/format-values";
import { DEFAULT_QUERY } from "@/lib/runs/run-query";
import { SortHeader } from "../runs/SortHeader";
import { Swatch } from "./Swatch";
import type { WireRunSummary } from "./types";

type Column = {
  key: keyof WireRunSummary;
  label: string;
  format: (v: WireRunSummary) => string;
  /** The step this cell points at on the charts (clicking the cell marks and zooms there). */
  step?: (v: WireRunSummary) => number | null;
};

const num = (v: unknown) => (typeof v === "number" || typeof v === "string" ? fromWire(v as number) : NaN);

function columns(metric: string): Column[] {
  return [
    { key: "best", label: `best ${metric}`, format: (s) => formatMetric(s.best), step: (s) => s.bestStep },
    {
      key: "bestStep",
      label: "at step",
      format: (s) => formatInt(s.bestStep) + (s.bestEpoch !== null ? ` (ep ${formatMetric(s.bestEpoch)})` : ""),
      step: (s) => s.bestStep,
    },
    { key: "final", label: "final", format: (s) => formatMetric(s.final) },
    { key: "stepsTo90", label: "steps to 90%", format: (s) => formatInt(s.stepsTo90), step: (s) => s.stepsTo90 },
    { key: "stepsTo95", label: "steps to 95%", format: (s) => formatInt(s.stepsTo95), step: (s) => s.stepsTo95 },
    { key: "timeTo90", label: "time to 90%", format: (s) => formatDuration(s.timeTo90 === null ? null : num(s.timeTo90)), step: (s) => s.stepsTo90 },
    { key: "timeTo95", label: "time to 95%", format: (s) => formatDuration(s.timeTo95 === null ? null : num(s.timeTo95)), step: (s) => s.stepsTo95 },
    { key: "auc", label: "AUC", format: (s) => formatMetric(s.auc) },
    { key: "lrAtBest", label: "LR at best", format: (s) => formatLr(s.lrAtBest), step: (s) => s.bestStep },
    { key: "diverged", label: "diverged", format: (s) => (s.diverged ? `yes${s.divergedReason ? ` (${s.divergedReason.replace(/_/g, " ")})` : ""}` : "no") },
  ];
}

interface Props {
  metric: string;
  mode: "max" | "min";
  runs: RunSummary[];
  summary: Record<string, WireRunSummary>;
  colors: ReadonlyMap<string, string>;
  onMark: (runId: string, step: number) => void;
}

/** Per-run summary of the main metric; sortable, and every step-valued cell links to its point on the charts. */
export function SummaryTable({ metric, mode, runs, summary, colors, onMark }: Props) {
  const [sort, setSort] = useState<{ sort: string; order: "asc" | "desc" }>({ sort: "best", order: mode === "max" ? "desc" : "asc" });
  const cols = columns(metric);
  const sortValue = (id: string): number | string => {
    if (sort.sort === "name") return runs.find((r) => r.id === id)?.name ?? "";
    const v = summary[id]?.[sort.sort as keyof WireRunSummary];
    return typeof v === "boolean" ? Number(v) : num(v);
  };
  const sorted = [...runs].sort((a, b) => {
    const x = sortValue(a.id);
    const y = sortValue(b.id);
    // Missing values (NaN) go last in both directions.
    if (typeof x === "number" && typeof y === "number" && (Number.isNaN(x) || Number.isNaN(y))) return Number.isNaN(x) ? 1 : -1;
    const c = typeof x === "string" ? x.localeCompare(String(y)) : x - (y as number);
    return sort.order === "asc" ? c : -c;
  });
  const onSort = (key: string) => setSort((s) => ({ sort: key, order: s.sort === key && s.order === "desc" ? "asc" : "desc" }));
  const query = { ...DEFAULT_QUERY, ...sort };

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table data-testid="compare-summary" className="w-full text-sm">
        <caption className="sr-only">Summary of {metric} per run; activate a step or value to mark it on the charts</caption>
        <thead className="bg-slate-50 text-xs text-slate-600 dark:bg-slate-900 dark:text-slate-400">
          <tr>
            <SortHeader label="run" sort="name" query={query} onSort={onSort} />
            {cols.map((c) => (
              <SortHeader key={c.key} label={c.label} sort={c.key} query={query} onSort={onSort} align="right" />
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((run) => {
            const s = summary[run.id];
            return (
              <tr key={run.id} data-run-id={run.id} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="px-2 py-1.5 text-left font-normal whitespace-nowrap">
                  <Swatch color={colors.get(run.id)} />
                  {run.name}
                </th>
                {cols.map((c) => {
                  const step = s && c.step?.(s);
                  const text = s ? c.format(s) : "—";
                  return (
                    <td key={c.key} data-col={c.key} className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums">
                      {step !== null && step !== undefined ? (
                        <button
                          type="button"
                          className="link"
                          onClick={() => onMark(run.id, step)}
                          title={`Mark step ${formatInt(step)} of ${run.name} on the charts`}
                        >
                          {text}
                        </button>
                      ) : (
                        text
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
