import { useSyncExternalStore } from "react";

/**
 * The current time for rendering relative times ("3 minutes ago"), from one shared clock that
 * ticks every TICK_MS. Reading Date.now() during render would make a render impure (a re-render
 * with the same props could show another text, and hydration could disagree); this store gives
 * every component the same value for a tick and re-renders them when it moves on.
 */
const TICK_MS = 10_000;

const snapshot = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;

function subscribe(onTick: () => void): () => void {
  const timer = setInterval(onTick, TICK_MS);
  return () => clearInterval(timer);
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
