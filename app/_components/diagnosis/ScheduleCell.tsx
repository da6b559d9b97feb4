import type { RunDiagnosis } from "../api-types";

/** The configured schedule, the one the LR actually followed, and a ⚠ when they disagree. */
export function ScheduleCell({ configured, diagnosis }: { configured: string; diagnosis: RunDiagnosis["schedule"] | undefined }) {
  const mismatch = diagnosis?.mismatch;
  return (
    <span className="inline-flex items-baseline gap-1.5">
      <span>{configured}</span>
      {diagnosis && (
        <span
          data-testid="schedule-observed"
          data-type={diagnosis.type}
          title="Recognised from the logged LR"
          className="text-xs text-slate-600 dark:text-slate-400"
        >
          ({diagnosis.label})
        </span>
      )}
      {mismatch && <MismatchFlag configured={mismatch.configured} observed={mismatch.observed} testId="schedule-mismatch" />}
    </span>
  );
}

/** ⚠ with the reason in a tooltip and, for screen readers, in text. */
export function MismatchFlag({ configured, observed, testId }: { configured: string; observed: string; testId: string }) {
  const text = `config says ${configured}, LR follows ${observed}`;
  return (
    <span data-testid={testId} title={text} className="cursor-help font-semibold text-amber-700 dark:text-amber-400">
      <span aria-hidden>⚠</span>
      <span className="sr-only">{text}</span>
    </span>
  );
}
