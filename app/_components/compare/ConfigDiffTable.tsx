"use client";

import { configValueKey, isSeedKey } from "@/lib/compare/config-diff";
import type { RunSummary } from "../api-types";
import { formatConfigValue } from "@/lib/format/format-values";
import { RunColumnHeaders } from "./Swatch";

interface Props {
  runs: RunSummary[];
  /** Only the keys that differ (the API's `configDiff`). */
  diff: Record<string, Record<string, unknown>>;
  /** Every key (the API's `configAll`). */
  all: Record<string, Record<string, unknown>>;
  showAll: boolean;
  onShowAll: (on: boolean) => void;
  colors: ReadonlyMap<string, string>;
}

/** One column per run; only differing keys unless "show all"; differing rows highlighted. */
export function ConfigDiffTable({ runs, diff, all, showAll, onShowAll, colors }: Props) {
  const rows = Object.entries(showAll ? all : diff);
  return (
    <div className="space-y-2">
      <label className="inline-flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4 accent-indigo-600"
          checked={showAll}
          onChange={(e) => onShowAll(e.target.checked)}
          data-testid="config-show-all"
        />
        Show all keys ({Object.keys(all).length}), not only the {Object.keys(diff).length} that differ
      </label>
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table data-testid="config-diff" data-rows={rows.length} className="w-full text-sm">
          <caption className="sr-only">Configuration per run; rows whose values differ are highlighted</caption>
          <RunColumnHeaders
            first={
              <th scope="col" className="px-2 py-2 text-left font-medium">
                key
              </th>
            }
            runs={runs}
            colors={colors}
          />
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={runs.length + 1} className="px-2 py-3 text-slate-500">
                  The configurations are identical.
                </td>
              </tr>
            )}
            {rows.map(([key, perRun]) => {
              const differs = key in diff;
              return (
                <tr
                  key={key}
                  data-differs={differs}
                  className={`border-t border-slate-100 dark:border-slate-800 ${differs ? "bg-amber-50 dark:bg-amber-950/40" : ""}`}
                >
                  <th scope="row" className="px-2 py-1.5 text-left font-mono text-xs font-normal whitespace-nowrap">
                    {key}
                    {differs && isSeedKey(key) && <span className="ml-1 text-slate-500">(seed)</span>}
                    {differs && <span className="sr-only"> (differs)</span>}
                  </th>
                  {runs.map((r) => {
                    const present = Object.prototype.hasOwnProperty.call(perRun, r.id);
                    // Highlight the cells that differ from the first run's value.
                    const odd = differs && configValueKey(perRun[r.id]) !== configValueKey(perRun[runs[0].id]);
                    return (
                      <td
                        key={r.id}
                        className={`px-2 py-1.5 font-mono text-xs whitespace-nowrap ${odd ? "font-semibold text-amber-900 dark:text-amber-200" : ""}`}
                      >
                        {present ? formatConfigValue(key, perRun[r.id]) : <span className="text-slate-400">(unset)</span>}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
