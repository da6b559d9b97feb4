"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api-fetch";
import { DRAWN_BUDGET } from "@/lib/client/append-series";
import { appendedRead, mergeAppended } from "@/lib/client/compare-append";
import { coalesced } from "@/lib/client/coalesce";
import type { SeriesRequest } from "@/lib/compare/series-requests";
import type { DecodedSeries, SeriesBatch } from "@/lib/metrics/series-binary";
import { useLiveEvents } from "../live/LiveProject";
import { readBinary, seriesQuery } from "../query/queries";
import { useLatest } from "../use-latest";

/**
 * The compare view's live points: on metrics.appended for its runs, each series read on screen
 * reads only the new range of the runs that logged (one request per read for all of them, see
 * lib/client/compare-append.ts) and appends it to its cached answer. One round of reads in flight;
 * events arriving meanwhile are gathered and make the next round, which covers them all. Reads
 * that can't be extended (another axis, a look-ahead smoothing, a first point) are re-read whole,
 * in the same rounds. Cached reads not on screen are marked stale by LiveProject (live-plan's pointsTouch).
 */
export function useAppendedSeries(requests: readonly SeriesRequest[], maxPoints: number): void {
  const client = useQueryClient();
  const latest = useLatest({ requests, maxPoints });
  const [live] = useState(() => {
    const announced = new Map<string, Set<string>>();
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
    return { announced, pull };
  });
  useLiveEvents((e) => {
    if (e.type !== "metrics.appended") return;
    const { runId, keys } = e.data;
    if (!latest.current.requests.some((r) => r.runs.includes(runId))) return;
    live.announced.set(runId, new Set([...(live.announced.get(runId) ?? []), ...keys]));
    live.pull();
  });
}
