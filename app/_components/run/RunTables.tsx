import { isMetricSummary, type RunDetail } from "../api-types";
import { formatConfigValue, formatInt, formatLr, formatMetric } from "@/lib/format/format-values";
import { isLrKey } from "@/lib/metrics/lr-keys";
import { flattenConfig } from "@/lib/compare/config-diff";
import { orderMetricKeys } from "@/lib/runs/metric-order";

const th = "px-2 py-1.5 text-left font-medium text-slate-600 dark:text-slate-400";
const td = "px-2 py-1.5";
const tdNum = `${td} text-right tabular-nums`;

/** The run's config, nested keys flattened with dots. */
export function ConfigTable({ config }: { config: Record<string, unknown> }) {
  const rows = Object.entries(flattenConfig(config)).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section aria-labelledby="config-h" className="space-y-2">
      <h2 id="config-h" className="text-base font-semibold">
        Config
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No config logged.</p>
      ) : (
        <table data-testid="config-table" className="w-full text-sm">
          <thead className="sr-only">
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {rows.map(([key, value]) => (
              <tr key={key} data-key={key}>
                <th scope="row" className={`${th} font-mono text-xs`}>
                  {key}
                </th>
                <td className={`${td} break-all font-mono text-xs`}>{formatConfigValue(key, value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Per metric: last value, best value and their steps; then any user summary keys. */
export function SummaryTable({ run }: { run: RunDetail }) {
  const metricKeys = orderMetricKeys(
    run.metrics.map((m) => m.key),
    run.best.metric,
  ).filter((k) => isMetricSummary(run.summary[k]));
  const userKeys = Object.keys(run.summary).filter((k) => !isMetricSummary(run.summary[k]));
  return (
    <section aria-labelledby="summary-h" className="space-y-2">
      <h2 id="summary-h" className="text-base font-semibold">
        Summary
      </h2>
      {metricKeys.length === 0 && userKeys.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No metrics logged yet.</p>
      ) : (
        <table data-testid="summary-table" className="w-full text-sm">
          <thead className="border-b border-slate-200 text-xs dark:border-slate-800">
            <tr>
              <th scope="col" className={th}>
                Metric
              </th>
              <th scope="col" className={`${th} text-right`}>
                Last
              </th>
              <th scope="col" className={`${th} text-right`}>
                at step
              </th>
              <th scope="col" className={`${th} text-right`}>
                Best
              </th>
              <th scope="col" className={`${th} text-right`}>
                at step
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {metricKeys.map((key) => {
              const s = run.summary[key];
              if (!isMetricSummary(s)) return null;
              const fmt = isLrKey(key) ? formatLr : formatMetric;
              return (
                <tr key={key} data-key={key}>
                  <th scope="row" className={`${td} text-left font-mono text-xs font-medium`}>
                    {key}
                    {key === run.best.metric && <span className="ml-1 font-sans text-slate-500 dark:text-slate-400">(main)</span>}
                  </th>
                  <td className={tdNum} data-testid="summary-last">
                    {fmt(s.last)}
                  </td>
                  <td className={`${tdNum} text-slate-600 dark:text-slate-400`}>{formatInt(s.lastStep)}</td>
                  <td className={tdNum} data-testid="summary-best" title={`mode: ${s.mode}`}>
                    {fmt(s.best)}
                  </td>
                  <td className={`${tdNum} text-slate-600 dark:text-slate-400`}>{formatInt(s.bestStep)}</td>
                </tr>
              );
            })}
            {userKeys.map((key) => (
              <tr key={key} data-key={key}>
                <th scope="row" className={`${td} text-left font-mono text-xs font-medium`}>
                  {key}
                </th>
                <td className={tdNum} colSpan={4}>
                  {formatConfigValue(key, run.summary[key])}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
