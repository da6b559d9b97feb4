"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api-fetch";
import { DRAWN_BUDGET } from "@/lib/client/append-series";
import { appendedRead, appendFromEvent, mergeAppended, type AppendedEvent } from "@/lib/client/compare-append";
import { coalesced } from "@/lib/client/coalesce";
import type { SeriesRequest } from "@/lib/compare/series-requests";
import type { DecodedSeries, SeriesBatch } from "@/lib/metrics/series-binary";
import { useLiveEvents } from "../live/LiveProject";
import { readBinary, seriesQuery } from "../query/queries";
import { useLatest } from "../use-latest";

/**
 * Events' points are appended to the charts at most this often: each append redraws every chart
 * of the view (20 runs logging 10×/s are 200 events a second). Never sooner after an append than
 * that append took to reach the screen either, so the page keeps half its main thread.
 */
const APPEND_EVERY_MS = 100;
/** Waiting longer than this for the frame after an append (a hidden tab draws none): the next one may go. */
const FRAME_WAIT_MS = 1_000;

/**
 * The compare view's live points. A metrics.appended event that carries its points (a small
 * appended batch) is appended to each cached series read on screen as it is, without a read
 * (lib/client/compare-append.ts's appendFromEvent; the default EMA line continued from the state
 * the server sent with it); the events of a moment are applied together (APPEND_EVERY_MS), one
 * cache update per read. Otherwise — a large batch, a gap, a zoom, a line smoothed otherwise — the
 * read path: each series read on screen reads only the new range of the runs that logged (one
 * request per read for all of them, appendedRead) and appends it to its cached answer. One round of reads in flight; events arriving meanwhile are gathered and make the
 * next round, which covers them all. Reads that can't be extended (another axis, a look-ahead
 * smoothing, a first point) are re-read whole, in the same rounds. Cached reads not on screen are
 * marked stale by LiveProject (live-plan's pointsTouch).
 */
export function useAppendedSeries(requests: readonly SeriesRequest[], maxPoints: number): void {
  const client = useQueryClient();
  const latest = useLatest({ requests, maxPoints });
  const [live] = useState(() => {
    const announced = new Map<string, Set<string>>();
    const announce = (runId: string, keys: readonly string[]) => announced.set(runId, new Set([...(announced.get(runId) ?? []), ...keys]));
    const pull = coalesced(async () => {
      const asked = new Map(announced);
      announced.clear();
      const { requests, maxPoints } = latest.current;
      await Promise.all(
        requests.map(async (request) => {
          const query = seriesQuery(request);
          // A read still loading is waited for (joined, not restarted): its answer is appended to.
          const shown = await client.ensureQueryData(query);
          const step = appendedRead(request, shown, asked);
          if (step.kind === "none") return;
          const whole = () => client.refetchQueries({ queryKey: query.queryKey, exact: true });
          if (step.kind === "whole") return whole();
          const added = await apiFetch<SeriesBatch<DecodedSeries>>(step.url, undefined, readBinary);
          const now = client.getQueryData(query.queryKey);
          const merged = now ? mergeAppended(now, added, DRAWN_BUDGET * maxPoints) : null;
          if (!merged) return whole();
          client.setQueryData(query.queryKey, merged);
        }),
      );
    });

    // Events with points, waiting for the next append.
    let pending: AppendedEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let drawing = false;
    let nextAt = 0;
    const append = () => {
      timer = undefined;
      const events = pending;
      pending = [];
      const { requests, maxPoints } = latest.current;
      const started = performance.now();
      for (const request of requests) {
        const { queryKey } = seriesQuery(request);
        let data = client.getQueryData<SeriesBatch<DecodedSeries>>(queryKey);
        const shown = data;
        // A run whose points couldn't be appended here: its later events go the read's way too (the read covers them).
        const toRead = new Set<string>();
        for (const e of events) {
          if (!request.runs.includes(e.runId)) continue;
          const next = data && !toRead.has(e.runId) ? appendFromEvent(request, data, e, DRAWN_BUDGET * maxPoints) : null;
          if (next) data = next;
          else {
            toRead.add(e.runId);
            announce(e.runId, e.keys);
          }
        }
        if (data && data !== shown) client.setQueryData(queryKey, data);
      }
      if (announced.size) pull();
      // The next append waits for this one's frame, and as long again as it took to get there.
      drawing = true;
      let done = false;
      const drawn = () => {
        if (done) return;
        done = true;
        clearTimeout(wait);
        const now = performance.now();
        nextAt = now + Math.max(APPEND_EVERY_MS, now - started);
        drawing = false;
        if (pending.length) schedule();
      };
      const wait = setTimeout(drawn, FRAME_WAIT_MS);
      requestAnimationFrame(drawn);
    };
    const schedule = () => {
      if (timer !== undefined || drawing) return;
      timer = setTimeout(append, Math.max(0, nextAt - performance.now()));
    };
    const onAppended = (e: AppendedEvent) => {
      if (e.points) {
        pending.push(e);
        schedule();
      } else {
        announce(e.runId, e.keys);
        pull();
      }
    };
    return { onAppended };
  });
  useLiveEvents((e) => {
    if (e.type !== "metrics.appended") return;
    if (!latest.current.requests.some((r) => r.runs.includes(e.data.runId))) return;
    live.onAppended(e.data);
  });
}
