import { OVERLAY_KINDS, type OverlayKind, type OverlayToggles as Toggles } from "@/lib/diagnosis/overlays";

/** Checkboxes that show or hide each kind of diagnosis overlay on the charts. */
export function OverlayToggles({
  value,
  onChange,
  note,
  hidden = [],
}: {
  value: Toggles;
  onChange: (kind: OverlayKind, on: boolean) => void;
  note?: string;
  /** Kinds that mean nothing for this run (the replayed LR on an LR range test). */
  hidden?: readonly OverlayKind[];
}) {
  return (
    <fieldset className="no-print flex flex-wrap items-center gap-3 text-sm" data-testid="overlay-toggles">
      <legend className="sr-only">Chart overlays</legend>
      <span aria-hidden className="text-slate-600 dark:text-slate-400">
        overlays
      </span>
      {OVERLAY_KINDS.filter(({ kind }) => !hidden.includes(kind)).map(({ kind, label, testId }) => (
        <label key={kind} className="inline-flex cursor-pointer items-center gap-1">
          <input
            type="checkbox"
            data-testid={testId}
            className="size-4 accent-indigo-600"
            checked={value[kind]}
            onChange={(e) => onChange(kind, e.target.checked)}
          />
          {label}
        </label>
      ))}
      {note && <span className="text-xs text-slate-500 dark:text-slate-400">{note}</span>}
    </fieldset>
  );
}
