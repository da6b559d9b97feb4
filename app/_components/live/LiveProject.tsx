"use client";

import { useLatest } from "../use-latest";
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { addAnalysis, addToPlan, emptyPlan, isEmptyPlan, planTouches, pointsTouch } from "@/lib/client/live-plan";
import { LIVE_EVENT_TYPES } from "@/lib/events/event-types";
import { parseLiveEvent, type LiveEvent } from "@/lib/events/live-event";

/** Events are gathered this long before the cache is invalidated: 20 runs logging 10×/s make one refetch, not 200. */
const COALESCE_MS = 250;
/** A logging run's analysis (seconds of work on a long run) is refreshed at most this often. */
const ANALYSIS_EVERY_MS = 5_000;
/** A stream the server refused is opened again after this long, doubled after each refusal up to REOPEN_MAX_MS. */
const REOPEN_MIN_MS = 1_000;
const REOPEN_MAX_MS = 30_000;

interface LiveContext {
  /** The event stream is open: screens stop polling and rely on events. */
  connected: boolean;
  subscribe(listener: (e: LiveEvent) => void): () => void;
}

const Context = createContext<LiveContext>({ connected: false, subscribe: () => () => {} });

/**
 * One event stream per project page (GET /api/v1/projects/{slug}/events): cached reads the events
 * make stale are invalidated (lib/client/live-plan.ts), and components can listen for events
 * themselves (charts fetch appended points). While the stream is down, `connected` is false and
 * screens fall back to polling; EventSource reconnects with Last-Event-ID on its own, and a stream
 * it gives up on (refused) is opened again with backoff, resuming after the last event seen.
 */
export function LiveProject({ slug, children }: { slug: string; children: ReactNode }) {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  const listeners = useRef(new Set<(e: LiveEvent) => void>());

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const batch = (ms: number) => ({ plan: emptyPlan(), busy: false, timer: undefined as ReturnType<typeof setTimeout> | undefined, ms });
    const fast = batch(COALESCE_MS);
    const slow = batch(ANALYSIS_EVERY_MS);
    // One round of refetches at a time: events arriving meanwhile wait for it and make the next.
    // Invalidating again while a read is in flight would cancel and restart it, and a read slower
    // than the events' pace (a compare page's series of 20 logging runs) would never finish.
    // Events that came meanwhile are the plan's content: a non-empty plan is the next round.
    const schedule = (b: typeof fast) => {
      if (b.busy || b.timer) return;
      b.timer = setTimeout(() => {
        b.timer = undefined;
        const p = b.plan;
        b.plan = emptyPlan();
        b.busy = true;
        void client.invalidateQueries({ predicate: (q) => pointsTouch(p, q.queryKey), type: "inactive", refetchType: "none" });
        void client
          .invalidateQueries({ predicate: (q) => planTouches(p, slug, q.queryKey) })
          .catch(() => undefined)
          .finally(() => {
            b.busy = false;
            if (!isEmptyPlan(b.plan)) schedule(b);
          });
      }, b.ms);
    };
    const onReset = () => {
      addToPlan(fast.plan, "reset", {});
      schedule(fast);
    };
    // The last event seen: a stream opened again resumes after it (the server replays what was missed, or says reset).
    let lastEventId = "";
    const onEvent = (e: MessageEvent<string>) => {
      if (e.lastEventId) lastEventId = e.lastEventId;
      const event = parseLiveEvent(e.type, e.lastEventId, e.data);
      // Data this page can't read (a server of another version): refresh everything rather than guess.
      if (!event) return onReset();
      addToPlan(fast.plan, event.type, event.data);
      schedule(fast);
      if (event.type === "metrics.appended") {
        addAnalysis(slow.plan, event.data.runId);
        schedule(slow);
      }
      for (const l of listeners.current) l(event);
    };
    let source: EventSource;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let delay = REOPEN_MIN_MS;
    const open = () => {
      const url = `/api/v1/projects/${encodeURIComponent(slug)}/events`;
      source = new EventSource(lastEventId ? `${url}?lastEventId=${encodeURIComponent(lastEventId)}` : url);
      for (const type of LIVE_EVENT_TYPES) source.addEventListener(type, onEvent);
      source.addEventListener("reset", onReset);
      source.addEventListener("ready", () => {
        delay = REOPEN_MIN_MS;
        setConnected(true);
      });
      source.onerror = () => {
        setConnected(false);
        // A dropped stream is reopened by EventSource itself (with Last-Event-ID); an answer that is
        // not a stream (a refusal: the server's stream limit, a restart behind a proxy) closes it
        // for good. Screens poll meanwhile; the stream is tried again, less often each time.
        if (source.readyState !== EventSource.CLOSED) return;
        reopen = setTimeout(open, delay);
        delay = Math.min(REOPEN_MAX_MS, delay * 2);
      };
    };
    open();
    return () => {
      source.close();
      clearTimeout(reopen);
      clearTimeout(fast.timer);
      clearTimeout(slow.timer);
      setConnected(false);
    };
  }, [slug, client]);

  const value = useMemo<LiveContext>(
    () => ({
      connected,
      subscribe(listener) {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [connected],
  );
  return (
    <Context.Provider value={value}>
      <span hidden data-testid="live" data-connected={connected} />
      {children}
    </Context.Provider>
  );
}

/** The project's live stream: whether it is open, and a way to listen to its events. */
export function useLive(): LiveContext {
  return useContext(Context);
}

/** Calls `listener` for each live event (the latest listener; no resubscription on each render). */
export function useLiveEvents(listener: (e: LiveEvent) => void): void {
  const live = useLive();
  const latest = useLatest(listener);
  useEffect(() => live.subscribe((e) => latest.current(e)), [live, latest]);
}
