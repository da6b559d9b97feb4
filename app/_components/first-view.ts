"use client";

import { usePathname } from "next/navigation";
import { useEffect, useSyncExternalStore } from "react";

/**
 * A compare page's first view (every chart drawn) goes before what it doesn't need: Next's link
 * prefetches (each a server render of the linked page, two requests per link) and reads such as
 * the project's baseline run. On a machine of two cores they ran on the CPU the page needed to
 * hydrate and draw. On any other page nothing waits.
 */
const COMPARE_PAGE = /^\/projects\/[^/]+\/compare\/?$/;

let drawn = false;
const listeners = new Set<() => void>();

function set(value: boolean): void {
  if (drawn === value) return;
  drawn = value;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Whether this page's first view is in: true at once except on a compare page, where it turns
 * true once the view reports its charts drawn (useFirstViewDrawn). Read from the path, not from
 * the view, so links rendered before the view (the project's tabs) wait too.
 */
export function useAfterFirstView(): boolean {
  const path = usePathname();
  const done = useSyncExternalStore(
    subscribe,
    () => drawn,
    () => false,
  );
  return done || !COMPARE_PAGE.test(path);
}

/** The compare view reports its first view done (charts drawn, or nothing to draw); unmounted, the next one waits again. */
export function useFirstViewDrawn(done: boolean): void {
  useEffect(() => {
    if (done) set(true);
  }, [done]);
  useEffect(() => () => set(false), []);
}
