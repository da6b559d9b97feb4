"use client";

import { useSyncExternalStore } from "react";

/**
 * The x under the pointer, shared by every compare chart (the synchronised crosshair). A tiny
 * external store rather than React state in the view: a pointer move then re-renders only the
 * crosshair overlays, never the charts or tables.
 */
export interface Hover {
  x: number;
  /** The chart under the pointer: it alone shows the value list. */
  chartId: string;
}

type Listener = () => void;

export function createHoverStore() {
  let current: Hover | null = null;
  const listeners = new Set<Listener>();
  return {
    get: () => current,
    set: (next: Hover | null) => {
      if (next?.x === current?.x && next?.chartId === current?.chartId) return;
      current = next;
      listeners.forEach((l) => l());
    },
    // Arrow functions: useSyncExternalStore and event handlers call these detached from the store.
    subscribe: (listener: Listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type HoverStore = ReturnType<typeof createHoverStore>;

export function useHover(store: HoverStore): Hover | null {
  return useSyncExternalStore(store.subscribe, store.get, () => null);
}
