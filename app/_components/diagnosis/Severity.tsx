import type { AnalysisAdvice } from "../api-types";

type Severity = AnalysisAdvice["severity"];

// 800/300 text on 50/950 tints keeps ≥ 4.5:1 contrast in both themes; the icon shape repeats the colour's meaning.
export const SEVERITY_STYLE: Record<Severity, string> = {
  error: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200",
  warning: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200",
  info: "border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-200",
};
const ICON: Record<Severity, string> = { error: "✖", warning: "⚠", info: "ℹ" };

/** Icon plus the severity word for screen readers (the colour alone says nothing to them). */
export function SeverityIcon({ severity }: { severity: Severity }) {
  return (
    <span className="shrink-0 font-semibold">
      <span aria-hidden>{ICON[severity]}</span>
      <span className="sr-only">{severity}:</span>
    </span>
  );
}

export function SeverityPill({ severity }: { severity: Severity }) {
  return (
    <span className={`inline-flex items-center gap-1 rounded border px-1.5 text-xs ${SEVERITY_STYLE[severity]}`}>
      <SeverityIcon severity={severity} />
      {severity}
    </span>
  );
}
