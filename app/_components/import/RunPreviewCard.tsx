"use client";

import { formatInt, formatMetric } from "@/lib/format/format-values";
import { parseConfig, type RunEdit } from "@/lib/importers/run-edits";
import type { PreviewRun } from "./types";

/** One run found in the upload: what was detected, and the name/tags/config the user may edit. */
export function RunPreviewCard({ run, edit, onEdit }: { run: PreviewRun; edit: RunEdit; onEdit: (e: RunEdit) => void }) {
  const id = `run-${run.index}`;
  const configError = parseConfig(edit.config) === null ? "Config must be a JSON object" : null;
  const anyCollapsed = Object.values(run.metrics).some((m) => m.collapsed);
  return (
    <section aria-labelledby={`${id}-title`} data-testid="import-preview-run" className="rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`${id}-title`} className="font-medium">
          {run.files.join(", ")}
        </h3>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <span data-testid="import-format">{run.format}</span> · confidence {Math.round(run.confidence * 100)}% · {formatInt(run.points)} values · x axis:{" "}
          {run.keys.x}
        </p>
      </div>
      {run.duplicateOf && (
        <p role="status" className="mt-2 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          Already imported as{" "}
          <a className="link" href={new URL(run.duplicateOf.url).pathname}>
            {run.duplicateOf.name}
          </a>
          .{" "}
          <label className="ml-2 inline-flex items-center gap-1">
            <input type="checkbox" checked={edit.skip} onChange={(e) => onEdit({ ...edit, skip: e.target.checked })} /> skip it
          </label>
        </p>
      )}
      {run.notes.map((n) => (
        <p key={n} className="mt-2 text-sm text-slate-700 dark:text-slate-300" data-testid="import-note">
          ℹ {n}
        </p>
      ))}
      {run.warnings.map((w) => (
        <p key={w} className="mt-2 text-sm text-amber-800 dark:text-amber-300" data-testid="import-warning">
          ⚠ {w}
        </p>
      ))}
      <div className="mt-3 grid gap-3 md:grid-cols-2">
        <label className="block text-sm">
          Name
          <input className="field mt-1 w-full" value={edit.name} onChange={(e) => onEdit({ ...edit, name: e.target.value })} data-testid="import-name" />
        </label>
        <label className="block text-sm">
          Tags (comma-separated)
          <input className="field mt-1 w-full" value={edit.tags} onChange={(e) => onEdit({ ...edit, tags: e.target.value })} />
        </label>
      </div>
      <div className="mt-3 grid gap-3 md:grid-cols-2">
        <table className="w-full text-left text-sm" data-testid="import-metrics">
          <caption className="mb-1 text-left font-medium">
            Metrics {run.keys.lr && <span className="font-normal text-slate-600 dark:text-slate-400">· learning rate: {run.keys.lr}</span>}
            {run.keys.mainMetric && <span className="font-normal text-slate-600 dark:text-slate-400"> · main metric: {run.keys.mainMetric}</span>}
          </caption>
          <thead>
            <tr className="text-slate-600 dark:text-slate-400">
              <th scope="col">key</th>
              <th scope="col" className="text-right">
                points
              </th>
              <th scope="col" className="text-right">
                steps
              </th>
              <th scope="col" className="text-right">
                first → last
              </th>
              {anyCollapsed && (
                <th scope="col" className="text-right" title="values that fell on a step another line of the file already held; only the last is kept">
                  collapsed
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {Object.entries(run.metrics).map(([key, m]) => (
              <tr key={key} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="font-mono font-normal">
                  {key}
                </th>
                <td className="text-right tabular-nums">{formatInt(m.count)}</td>
                <td className="text-right tabular-nums">
                  {formatInt(m.minStep)}–{formatInt(m.maxStep)}
                </td>
                <td className="text-right tabular-nums">
                  {formatMetric(m.first)} → {formatMetric(m.last)}
                </td>
                {anyCollapsed && <td className="text-right tabular-nums text-amber-800 dark:text-amber-300">{m.collapsed ? formatInt(m.collapsed) : ""}</td>}
              </tr>
            ))}
          </tbody>
        </table>
        <label className="block text-sm">
          Config (JSON)
          <textarea
            className="field mt-1 h-48 w-full font-mono text-xs"
            value={edit.config}
            aria-invalid={!!configError}
            onChange={(e) => onEdit({ ...edit, config: e.target.value })}
          />
          {configError && <span className="text-red-700 dark:text-red-300">{configError}</span>}
        </label>
      </div>
    </section>
  );
}
