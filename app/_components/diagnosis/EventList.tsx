import { fromWire, type AnalysisEvent } from "../api-types";
import { formatInt } from "@/lib/format/format-values";
import { SeverityPill } from "./Severity";
import { HeaderRow } from "./table-parts";
import { formatRecord } from "@/lib/diagnosis/format-evidence";

/** Divergence / instability events (and LR drops), with the numbers behind each. */
export function EventList({ events }: { events: AnalysisEvent[] }) {
  return (
    <section aria-labelledby="diag-events-h" className="space-y-2">
      <h3 id="diag-events-h" className="text-sm font-semibold">
        Events
      </h3>
      {events.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="events-empty">
          No NaNs, spikes, divergence or overfitting found.
        </p>
      ) : (
        // A long list (one row per LR drop) scrolls; focusable so keyboard users can scroll it too.
        <div
          className="max-h-72 overflow-auto rounded focus-visible:outline-2 focus-visible:outline-indigo-500"
          tabIndex={0}
          role="region"
          aria-labelledby="diag-events-h"
        >
          <table className="w-full text-sm" data-testid="event-table" data-count={events.length}>
            <HeaderRow
              columns={[
                ["Type", "left"],
                ["Step", "right"],
                ["Severity", "left"],
                ["Details", "left"],
              ]}
            />
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {events.map((e, i) => (
                <tr key={i} data-testid="event-row" data-type={e.type} data-severity={e.severity}>
                  <td className="px-2 py-1 font-mono text-xs">
                    {e.type}
                    {typeof e.detail.key === "string" ? ` (${e.detail.key})` : ""}
                  </td>
                  <td className="px-2 py-1 text-right tabular-nums">{formatInt(fromWire(e.step))}</td>
                  <td className="px-2 py-1">
                    <SeverityPill severity={e.severity} />
                  </td>
                  <td className="px-2 py-1 text-xs text-slate-700 dark:text-slate-300">{formatRecord(e.detail, ["key"])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
