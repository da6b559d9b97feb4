"use client";

import { startTransition, useEffect, useRef, useState } from "react";

/** Longest wait for an idle moment: on a busy page the value still arrives. */
const IDLE_TIMEOUT_MS = 1000;

/**
 * `value`, taken up once the browser is idle, and no sooner than `minGapMs` after the value taken
 * before it: for a large part of the page nobody needs in the frame that shows the change (a
 * chart's screen-reader table of hundreds of rows), so that frame is painted first, and a value
 * that changes several times a second (a live chart) is laid out again only now and then. React's
 * useDeferredValue rendered it right after the commit, before the browser had presented the charts
 * that commit drew. Rendered as a transition, so input that arrives meanwhile (a zoom's drag) goes
 * first. The latest value always arrives, within `minGapMs` and IDLE_TIMEOUT_MS of the last one.
 */
export function useIdleValue<T>(value: T, minGapMs = 0): T {
  const [idle, setIdle] = useState(value);
  const taken = useRef({ value, at: -Infinity });
  // When the first value not yet taken came: the idle wait's deadline runs from then, so values that keep coming can't postpone it.
  const pendingSince = useRef<number | null>(null);
  useEffect(() => {
    if (taken.current.value === value) {
      pendingSince.current = null;
      return;
    }
    const now = performance.now();
    pendingSince.current ??= now;
    const due = Math.max(taken.current.at + minGapMs, pendingSince.current);
    const take = () => {
      taken.current = { value, at: performance.now() };
      pendingSince.current = null;
      startTransition(() => setIdle(() => value));
    };
    let handle: number | undefined;
    const timer = setTimeout(() => {
      if (typeof requestIdleCallback === "undefined") return take();
      handle = requestIdleCallback(take, { timeout: Math.max(1, due + IDLE_TIMEOUT_MS - performance.now()) });
    }, due - now);
    return () => {
      clearTimeout(timer);
      if (handle !== undefined) cancelIdleCallback(handle);
    };
  }, [value, minGapMs]);
  return idle;
}
