/** The parts every small form shares: its error line and its Save / Cancel buttons. */

/**
 * The server's message under (or, `inline`, beside) a form, announced to screen readers; nothing
 * when there is no error. `small` for forms inside a list item or a toolbar.
 */
export function FormError({ error, inline = false, small = inline }: { error: string | null; inline?: boolean; small?: boolean }) {
  if (!error) return null;
  const className = `${small ? "text-xs" : "text-sm"} text-red-700 dark:text-red-300`;
  return inline ? (
    <span role="alert" className={className}>
      {error}
    </span>
  ) : (
    <p role="alert" className={className}>
      {error}
    </p>
  );
}

/** A form's submit button, then Cancel when the form can be closed (the caller lays them out). */
export function FormActions({ submitLabel, disabled = false, onCancel }: { submitLabel: string; disabled?: boolean; onCancel?: () => void }) {
  return (
    <>
      <button type="submit" className="btn-primary" disabled={disabled}>
        {submitLabel}
      </button>
      {onCancel && (
        <button type="button" className="btn-secondary" onClick={onCancel}>
          Cancel
        </button>
      )}
    </>
  );
}
