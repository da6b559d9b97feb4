import { useState } from "react";

/**
 * `value`, or the one an earlier render returned while `same` holds between them: downstream
 * memos and effects keyed on it see no change when only its identity changed. Kept in state, not
 * a ref (a render may be thrown away); a changed value is adopted during this render.
 */
export function useStableValue<T>(value: T, same: (kept: T, next: T) => boolean): T {
  const [kept, setKept] = useState(value);
  const unchanged = kept === value || same(kept, value);
  if (!unchanged) setKept(value);
  return unchanged ? kept : value;
}
