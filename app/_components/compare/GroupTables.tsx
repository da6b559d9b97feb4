"use client";

import { useState } from "react";
import { formatConfigValue as formatGroupValue } from "@/lib/compare/groups";
import { fromWire, type RunSummary, type WireNumber } from "../api-types";
import { formatInt, formatMetric } from "@/lib/format/format-values";
import { Swatch } from "./Swatch";
import type { CompareResponse, WireGroup } from "./types";

const n = (v: WireNumber | null) => (v === null ? null : fromWire(v));
const meanStd = (m: WireNumber | null, s: WireNumber | null, f: (v: number | null) => string) => (m === null ? "—" : `${f(n(m))} ± ${f(n(s) ?? 0)}`);

/** One row per group (arm): n, mean ± std of the best metric, mean steps to 95% of the best. */
export function GroupSummary({ groups, metric, colors }: { groups: WireGroup[]; metric: string; colors: ReadonlyMap<string, string> }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table data-testid="group-summary" className="w-full text-sm">
        <caption className="sr-only">Groups: mean ± standard deviation over each group&apos;s runs</caption>
        <thead className="bg-slate-50 text-xs text-slate-600 dark:bg-slate-900 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-2 py-2 text-left font-medium">
              group
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              n
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              best {metric} (mean ± std)
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              min … max
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              steps to 95% (mean ± std)
            </th>
            <th scope="col" className="px-2 py-2 text-left font-medium">
              also fixed in this group
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.label} data-group={g.label} className="border-t border-slate-100 dark:border-slate-800">
              <th scope="row" className="px-2 py-1.5 text-left font-normal whitespace-nowrap">
                <Swatch color={colors.get(g.label)} />
                {g.label}
              </th>
              <td className="px-2 py-1.5 text-right tabular-nums">{g.n}</td>
              <td className="px-2 py-1.5 text-right tabular-nums">{meanStd(g.best.mean, g.best.std, formatMetric)}</td>
              <td className="px-2 py-1.5 text-right tabular-nums">
                {formatMetric(g.best.min)} … {formatMetric(g.best.max)}
              </td>
              <td className="px-2 py-1.5 text-right tabular-nums">{meanStd(g.stepsTo95.mean, g.stepsTo95.std, formatInt)}</td>
              <td className="px-2 py-1.5 font-mono text-xs text-slate-600 dark:text-slate-400">
                {Object.entries(g.definition ?? {})
                  .map(([k, v]) => `${k}=${formatGroupValue(v)}`)
                  .join(", ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface GridProps {
  grid: NonNullable<CompareResponse["grid"]>;
  mode: "max" | "min";
  runs: RunSummary[];
  onShowRuns: (runIds: string[]) => void;
}

/**
 * Two group-by keys: rows × columns, each cell the mean ± std of the best metric over its runs
 * and their number, shaded by value (darker = better). Activating a cell lists its runs.
 */
export function GroupGrid({ grid, mode, runs, onShowRuns }: GridProps) {
  const [open, setOpen] = useState<{ r: number; c: number } | null>(null);
  const means = grid.cells.flat().flatMap((c) => (c && c.best.mean !== null ? [fromWire(c.best.mean)] : []));
  const lo = Math.min(...means);
  const hi = Math.max(...means);
  const shade = (v: number | null) => {
    if (v === null || !(hi > lo)) return undefined;
    const good = mode === "max" ? (v - lo) / (hi - lo) : (hi - v) / (hi - lo);
    return `rgba(16, 185, 129, ${(0.08 + 0.5 * good).toFixed(2)})`;
  };
  const cell = open && grid.cells[open.r][open.c];
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table data-testid="group-grid" className="text-sm">
          <caption className="sr-only">
            Best metric by {grid.rowKey} (rows) and {grid.colKey} (columns): mean ± std and n
          </caption>
          <thead className="bg-slate-50 text-xs text-slate-600 dark:bg-slate-900 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-2 py-2 text-left font-mono font-medium">
                {grid.rowKey} \ {grid.colKey}
              </th>
              {grid.cols.map((c, i) => (
                <th key={i} scope="col" className="px-3 py-2 text-center font-medium">
                  {formatGroupValue(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.rows.map((row, r) => (
              <tr key={r} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="px-2 py-1.5 text-left font-medium">
                  {formatGroupValue(row)}
                </th>
                {grid.cols.map((_, c) => {
                  const g = grid.cells[r][c];
                  if (!g)
                    return (
                      <td key={c} className="px-3 py-1.5 text-center text-slate-400">
                        —
                      </td>
                    );
                  return (
                    <td key={c} className="p-0 text-center" style={{ background: shade(n(g.best.mean)) }}>
                      <button
                        type="button"
                        aria-pressed={open?.r === r && open?.c === c}
                        onClick={() => setOpen(open?.r === r && open?.c === c ? null : { r, c })}
                        className="w-full px-3 py-1.5 tabular-nums focus-visible:outline-2 focus-visible:outline-indigo-500"
                      >
                        {formatMetric(n(g.best.mean))} ± {formatMetric(n(g.best.std) ?? 0)}{" "}
                        <span className="text-xs text-slate-600 dark:text-slate-300">n={g.n}</span>
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cell && (
        <div data-testid="group-grid-runs" className="flex flex-wrap items-center gap-2 text-sm">
          <span>
            {formatGroupValue(grid.rows[open.r])} × {formatGroupValue(grid.cols[open.c])}:
          </span>
          {cell.runIds.map((id) => (
            <span key={id} className="font-mono text-xs">
              {runs.find((r) => r.id === id)?.name ?? id}
            </span>
          ))}
          <button type="button" className="btn-secondary px-2 py-0.5 text-xs" onClick={() => onShowRuns(cell.runIds)}>
            Chart only these runs
          </button>
        </div>
      )}
    </div>
  );
}
