import type { AnalysisAdvice } from "../api-types";
import { SEVERITY_STYLE, SeverityIcon } from "./Severity";
import { formatRecord } from "@/lib/diagnosis/format-evidence";

/** The advisor's findings; it is silent when the run's settings are within known-good ranges. */
export function AdviceList({ advice }: { advice: AnalysisAdvice[] }) {
  return (
    <section aria-labelledby="diag-advice-h" className="space-y-2">
      <h3 id="diag-advice-h" className="text-sm font-semibold">
        Advice
      </h3>
      {advice.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="advice-empty">
          Nothing to report: settings and dynamics are within known-good ranges.
        </p>
      ) : (
        <ul className="space-y-2" data-testid="advice-list" data-count={advice.length}>
          {advice.map((a) => (
            <li
              key={a.rule}
              data-testid="advice-item"
              data-rule={a.rule}
              data-severity={a.severity}
              className={`flex gap-2 rounded-md border px-3 py-2 text-sm ${SEVERITY_STYLE[a.severity]}`}
            >
              <SeverityIcon severity={a.severity} />
              <div className="space-y-0.5">
                <p className="font-medium">{a.message}</p>
                <p className="text-xs opacity-90">Evidence: {formatRecord(a.evidence)}</p>
                <p>→ {a.suggestion}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
