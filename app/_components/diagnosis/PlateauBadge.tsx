import type { RunDiagnosis, RunStatus } from "../api-types";
import { formatInt, formatMetric } from "@/lib/format/format-values";

/** "plateau since epoch 12" (or "since step 2,400" for runs without epochs) on a running run that stopped improving. */
export function PlateauBadge({ plateau }: { plateau: NonNullable<RunDiagnosis["plateau"]> }) {
  const since = plateau.sinceEpoch === null ? `step ${formatInt(plateau.sinceStep)}` : `epoch ${formatMetric(plateau.sinceEpoch)}`;
  return (
    <span
      data-testid="plateau-badge"
      title={`No improvement for ${formatInt(plateau.evaluations)} evaluations (since step ${formatInt(plateau.sinceStep)})`}
      className="inline-flex items-center rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-amber-900 ring-1 ring-amber-400 ring-inset dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-700"
    >
      plateau since {since}
    </span>
  );
}

/** The badge only means something while the run is still training. */
export function LivePlateauBadge({ status, diagnosis }: { status: RunStatus; diagnosis: RunDiagnosis | undefined }) {
  return status === "running" && diagnosis?.plateau ? <PlateauBadge plateau={diagnosis.plateau} /> : null;
}
