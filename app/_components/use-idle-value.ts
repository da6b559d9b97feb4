"use client";

import { startTransition, useEffect, useState } from "react";

/** Longest wait for an idle moment: on a busy page the value still arrives. */
const IDLE_TIMEOUT_MS = 1000;

/**
 * `value`, taken up once the browser is idle: for a large part of the page nobody needs in the
 * frame that shows the change (a chart's screen-reader table of hundreds of rows), so that frame
 * is painted first. React's useDeferredValue rendered it right after the commit, before the
 * browser had presented the charts that commit drew. Rendered as a transition, so input that
 * arrives meanwhile (a zoom's drag) goes first.
 */
export function useIdleValue<T>(value: T): T {
  const [idle, setIdle] = useState(value);
  useEffect(() => {
    const take = () => startTransition(() => setIdle(() => value));
    if (typeof requestIdleCallback === "undefined") {
      const timer = setTimeout(take, 0);
      return () => clearTimeout(timer);
    }
    const handle = requestIdleCallback(take, { timeout: IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(handle);
  }, [value]);
  return idle;
}
