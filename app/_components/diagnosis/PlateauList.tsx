import { fromWire, type AnalysisPlateau } from "../api-types";
import { formatInt, formatMetric } from "@/lib/format/format-values";

/** "steps 60–120 (epochs 3–6)" */
function span(p: AnalysisPlateau): string {
  const steps = `steps ${formatInt(fromWire(p.start))}–${p.ongoing ? "now" : formatInt(fromWire(p.end))}`;
  if (p.startEpoch === undefined || p.endEpoch === undefined) return steps;
  return `${steps} (epochs ${formatMetric(p.startEpoch)}–${p.ongoing ? "now" : formatMetric(p.endEpoch)})`;
}

/** Stretches where the metric stopped improving, and whether the LR was cut inside them. */
export function PlateauList({ plateaus, metric }: { plateaus: AnalysisPlateau[]; metric: string }) {
  return (
    <section aria-labelledby="diag-plateaus-h" className="space-y-2">
      <h3 id="diag-plateaus-h" className="text-sm font-semibold">
        Plateaus in {metric}
      </h3>
      {plateaus.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="plateaus-empty">
          No plateau: {metric} kept improving.
        </p>
      ) : (
        <ul className="space-y-2 text-sm" data-testid="plateau-list" data-count={plateaus.length}>
          {plateaus.map((p) => (
            <li
              key={`${p.start}-${p.end}`}
              data-testid="plateau-item"
              className="rounded-md border border-amber-300 bg-amber-50/60 px-3 py-2 dark:border-amber-800 dark:bg-amber-950/40"
            >
              <p className="font-medium">
                {span(p)}
                {p.ongoing && <span className="ml-2 text-xs font-normal text-amber-800 dark:text-amber-300">ongoing</span>}
              </p>
              <p className="text-xs text-slate-700 dark:text-slate-300">
                best before {formatMetric(p.bestBefore)} · gain inside {formatMetric(p.gainInside)} ·{" "}
                {p.lrReducedAt === undefined ? "LR not reduced" : `LR reduced at step ${formatInt(fromWire(p.lrReducedAt))}`} ·{" "}
                {formatInt(fromWire(p.stepsStalled))} steps stalled
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
