import { useLayoutEffect, useRef, type RefObject } from "react";

/**
 * A ref that holds the latest committed `value`, for stable callbacks and subscriptions that must
 * call what the last render passed without resubscribing. Written after commit, never during
 * render (a render may be thrown away, and then the ref would hold what was never shown).
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
