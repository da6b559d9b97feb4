import { fromWire, type RunAnalysisResponse } from "../api-types";
import { formatInt, formatLr } from "@/lib/format/format-values";
import { MismatchFlag } from "./ScheduleCell";
import { formatValue } from "@/lib/diagnosis/format-evidence";

type Schedule = RunAnalysisResponse["schedule"];

const dt = "text-xs text-slate-500 dark:text-slate-400";

/** The schedule recognised from the logged LR next to the configured one, with its parameters and fit error. */
export function ScheduleSummary({ schedule, configured }: { schedule: Schedule; configured: string | null }) {
  const params = Object.entries(schedule.params);
  const fitError = fromWire(schedule.fitError);
  return (
    <section aria-labelledby="diag-schedule-h" className="space-y-2" data-testid="diagnosis-schedule" data-type={schedule.type}>
      <h3 id="diag-schedule-h" className="text-sm font-semibold">
        Schedule
      </h3>
      <dl className="flex flex-wrap gap-x-8 gap-y-2 text-sm">
        <div>
          <dt className={dt}>Recognised from {schedule.lrKey ?? "the LR"}</dt>
          <dd className="font-medium" data-testid="schedule-label">
            {schedule.label}
          </dd>
        </div>
        <div>
          <dt className={dt}>Configured</dt>
          <dd className="inline-flex items-baseline gap-1.5">
            {configured ?? "—"}
            {schedule.mismatch && <MismatchFlag configured={schedule.mismatch.configured} observed={schedule.mismatch.observed} testId="diagnosis-mismatch" />}
            {schedule.mismatch && <span className="text-xs text-amber-800 dark:text-amber-300">mismatch</span>}
          </dd>
        </div>
        <div>
          <dt className={dt}>Fit error</dt>
          <dd className="tabular-nums" title="RMS residual relative to the peak LR">
            {Number.isFinite(fitError) ? `${(fitError * 100).toFixed(2)}%` : "—"}
          </dd>
        </div>
        <div>
          <dt className={dt}>Stepping</dt>
          <dd>{schedule.stepping === "unknown" ? "—" : `per ${schedule.stepping}`}</dd>
        </div>
        {schedule.warmup && (
          <div>
            <dt className={dt}>Warmup</dt>
            <dd>
              {schedule.warmup.type}, {formatInt(fromWire(schedule.warmup.steps))} steps from ×{formatValue("startFactor", schedule.warmup.startFactor)}
              {schedule.warmup.ongoing && " of the last LR, still rising where the log ends"}
            </dd>
          </div>
        )}
      </dl>
      {schedule.evidence && schedule.evidence.length > 0 && (
        <ul className="list-disc pl-5 text-xs text-slate-600 dark:text-slate-400" data-testid="schedule-evidence">
          {schedule.evidence.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {params.length > 0 && (
        <table className="text-sm" data-testid="schedule-params">
          <caption className="sr-only">Schedule parameters</caption>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {params.map(([key, value]) => (
              <tr key={key}>
                <th scope="row" className="py-1 pr-4 text-left font-mono text-xs font-medium">
                  {key}
                </th>
                <td className="py-1 tabular-nums">{formatValue(key, value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {schedule.groups && schedule.groups.length > 1 && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Parameter groups:{" "}
          {schedule.groups
            .map((g) => `${g.key} ${formatLr(fromWire(g.baseLr))}${g.ratio === null ? " (own schedule)" : ` (×${formatValue("ratio", g.ratio)})`}`)
            .join(" · ")}
        </p>
      )}
    </section>
  );
}
