"use client";

export interface LegendEntry {
  /** Run id, or group label when grouping. */
  id: string;
  label: string;
  color: string;
  detail?: string;
}

interface Props {
  entries: LegendEntry[];
  hidden: readonly string[];
  onToggle: (id: string) => void;
  /** Hover or focus highlights the entry's lines in every chart; null clears. */
  onHighlight: (id: string | null) => void;
}

/**
 * One legend for the whole stack: clicking an entry hides its lines in every chart, hovering (or
 * focusing) it highlights them. Buttons, so the keyboard gets both.
 */
export function Legend({ entries, hidden, onToggle, onHighlight }: Props) {
  return (
    <ul data-testid="compare-legend" aria-label="Runs on the charts" className="flex flex-wrap gap-x-1 gap-y-1" onMouseLeave={() => onHighlight(null)}>
      {entries.map((e) => {
        const off = hidden.includes(e.id);
        return (
          <li key={e.id}>
            <button
              type="button"
              aria-pressed={!off}
              data-legend-id={e.id}
              title={`${off ? "Show" : "Hide"} ${e.label}${e.detail ? ` — ${e.detail}` : ""}`}
              onClick={() => onToggle(e.id)}
              onMouseEnter={() => onHighlight(off ? null : e.id)}
              onFocus={() => onHighlight(off ? null : e.id)}
              onBlur={() => onHighlight(null)}
              className={`inline-flex items-center gap-1.5 rounded-md px-2 py-0.5 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-slate-800 ${off ? "text-slate-400 line-through" : ""}`}
            >
              <span
                aria-hidden
                className="inline-block h-1 w-4 rounded-full"
                style={{ background: off ? "transparent" : e.color, outline: `1px solid ${e.color}` }}
              />
              {e.label}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
