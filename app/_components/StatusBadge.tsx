import type { RunStatus } from "./api-types";

// Text colours are the 700/300 shades so the label keeps ≥ 4.5:1 contrast on its tinted pill.
const STYLES: Record<RunStatus, string> = {
  running: "bg-sky-100 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800",
  finished: "bg-emerald-100 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  failed: "bg-red-100 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800",
  crashed: "bg-amber-100 text-amber-900 ring-amber-400 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-700",
  killed: "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600",
};

const TITLES: Record<RunStatus, string> = {
  running: "Logging metrics or heart-beating",
  finished: "Finished normally",
  failed: "Finished with status failed",
  crashed: "Stopped heart-beating without finishing",
  killed: "Stopped by the user",
};

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span
      data-testid="status-badge"
      data-status={status}
      title={TITLES[status]}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status] ?? STYLES.killed}`}
    >
      {status === "running" && <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-current" />}
      {status}
    </span>
  );
}
