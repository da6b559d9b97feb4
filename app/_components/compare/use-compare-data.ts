"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { createLimit } from "@/lib/async-pool";
import { ApiFailure } from "@/lib/client/api-fetch";
import { isKind } from "@/lib/client/query-keys";
import type { SeriesRequest } from "@/lib/compare/series-requests";
import type { CompareState } from "@/lib/compare/url-state";
import { viewMetric, viewReads } from "@/lib/compare/view-reads";
import { isRunError, type DecodedSeries, type SeriesBatch } from "@/lib/metrics/series-binary";
import type { MetricsAxis, RunDetail } from "../api-types";
import { useLive } from "../live/LiveProject";
import { invalidateRuns } from "../query/invalidate";
import { compareQuery, pollWhile, runAnalysisQuery, runQuery, seriesQuery } from "../query/queries";
import { useQueryMap, type QueryMap } from "../query/use-query-map";
import type { CompareResponse } from "./types";
import { useAppendedSeries } from "./use-appended-series";

/**
 * While the project's event stream is down, live runs refresh this often; zoom, smoothing and
 * everything else in the URL stay as they are.
 */
export const LIVE_REFRESH_MS = 10_000;
/** While the server smooths a long run for the first time, the chart asks again this often. */
const SMOOTHING_RETRY_MS = 1000;
/** Analyses in flight at once, over every compare view of the tab: see useCompareData. */
const analysisSlot = createLimit(2);

const anyRunning = (c: CompareResponse) => c.runs.some((r) => r.status === "running");
const smoothingPending = (batch: SeriesBatch<DecodedSeries> | undefined) =>
  !!batch && Object.values(batch.runs).some((entry) => !isRunError(entry) && Object.values(entry).some((s) => s.smoothedPending));

/** One run's chart data: its series on a server x axis. */
export interface RunSeriesRead {
  x: MetricsAxis;
  series: Record<string, DecodedSeries>;
}

/** Batch answers → one series read per run (a run's `error` entry, or its batch's failure, becomes its failure). */
function perRun(b: QueryMap<SeriesBatch<DecodedSeries>>, requests: readonly SeriesRequest[]): QueryMap<RunSeriesRead> {
  const data = new Map<string, RunSeriesRead>();
  const errors = new Map<string, ApiFailure>();
  for (const request of requests) {
    const err = b.errors.get(request.id);
    if (err) for (const id of request.runs) errors.set(id, err);
  }
  // A run's keys can come in several answers (one per chart when the smoothing differs by chart).
  for (const answer of b.data.values()) {
    for (const [runId, entry] of Object.entries(answer.runs)) {
      if (isRunError(entry)) errors.set(runId, new ApiFailure(entry.error.message, 400, entry.error.code));
      else data.set(runId, { x: answer.x as MetricsAxis, series: { ...data.get(runId)?.series, ...entry } });
    }
  }
  return { data, errors, stale: b.stale };
}

/**
 * Everything the compare view reads: the compare API (diff, summary, groups, verdict), each run's
 * detail (keys, config, axes), each run's series for the charted keys at about a point per pixel
 * of the zoomed range, and each run's analysis for the diagnosis table. While a run is live, the
 * project's events keep the view current: appended points are read by range and appended
 * (useAppendedSeries), the details, compare answer and analyses are refreshed at the live layer's
 * slower pace (LiveProject). While the event stream is down, the compare API's poll drives the
 * whole view instead: each of its answers has the per-run reads refetched.
 * `initialDetails`: the details the server rendered the page with (it started the first series
 * reads too), so the charts' reads go out as soon as the page is interactive, not after 20 more.
 */
export function useCompareData(state: CompareState, widthPx: number, analysesWanted: boolean, initialDetails: readonly RunDetail[] = []) {
  const { runs, groupBy, metric, mode, baseline } = state;
  const client = useQueryClient();
  const { connected } = useLive();
  // The server works through requests one CPU at a time, and a browser sends only six at once:
  // the charts' reads go first, the compare API (summary, verdict) and the analyses after them.
  const [chartsDrawn, setChartsDrawn] = useState(false);
  const compareParams = new URLSearchParams({ runs: runs.join(",") });
  if (groupBy.length) compareParams.set("groupBy", groupBy.join(","));
  if (metric) compareParams.set("metric", metric);
  if (mode) compareParams.set("mode", mode);
  if (baseline && runs.includes(baseline)) compareParams.set("baseline", baseline);
  const compare = useQuery({
    ...compareQuery(runs, compareParams),
    enabled: runs.length > 0 && chartsDrawn,
    placeholderData: keepPreviousData,
    refetchInterval: pollWhile(connected ? undefined : LIVE_REFRESH_MS, anyRunning),
  });
  const live = compare.data !== undefined && anyRunning(compare.data) && runs.length > 0 && chartsDrawn;
  const polling = live && !connected;
  useEffect(() => {
    if (polling && compare.dataUpdatedAt) void invalidateRuns(client, runs, (key) => isKind(key, "compare"));
    // On each answer of the live poll only (runs are part of the compare query's key).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [compare.dataUpdatedAt, polling]);

  const [initial] = useState(() => ({ at: Date.now(), details: new Map(initialDetails.map((d) => [d.id, d])) }));
  const details = useQueryMap(
    useMemo(
      () =>
        runs.map((id) => ({
          id,
          // Fresh from the server: not read again on mount (a live run's are refreshed by the poll).
          query: { ...runQuery(id), initialData: initial.details.get(id), initialDataUpdatedAt: initial.at, staleTime: LIVE_REFRESH_MS },
        })),
      [runs, initial],
    ),
  );
  const detailsIn = runs.length > 0 && !details.stale;

  // Before the compare answer, the project's main metric is known from any run's `best`.
  const metricName = viewMetric(state, details.data, compare.data?.metric);
  const {
    metricKeys,
    charts,
    plans,
    maxPoints,
    requests: seriesRequests,
  } = useMemo(() => viewReads(state, details.data, { widthPx, metricName }), [state, details.data, widthPx, metricName]);
  const batches = useQueryMap(
    useMemo(
      () =>
        seriesRequests.map((request) => ({
          id: request.id,
          // Not held up by a smoothing computed for the first time: drawn meanwhile, asked again.
          query: {
            ...seriesQuery(request),
            refetchInterval: (q: { state: { data?: SeriesBatch<DecodedSeries> } }) => (smoothingPending(q.state.data) ? SMOOTHING_RETRY_MS : false),
          },
        })),
      [seriesRequests],
    ),
  );
  const series = useMemo(() => perRun(batches, seriesRequests), [batches, seriesRequests]);
  useAppendedSeries(seriesRequests, maxPoints);
  // The reads of a state about to be shown, started from the gesture that asks for it (a zoom's
  // drag released): they leave before React re-renders the view, not after. Computed as the next
  // render will compute them, so its queries join these fetches.
  const compareMetric = compare.data?.metric;
  const prefetch = useCallback(
    (next: CompareState) => {
      const { requests } = viewReads(next, details.data, { widthPx, metricName: viewMetric(next, details.data, compareMetric) });
      for (const request of requests) void client.prefetchQuery(seriesQuery(request));
    },
    [client, details.data, widthPx, compareMetric],
  );

  // Drawn (or nothing to draw: no charts, or no run has points for this axis) — once, then it stays.
  const firstDrawDone = detailsIn && (charts.length === 0 || (maxPoints > 0 && (seriesRequests.length === 0 || !series.stale)));
  if (firstDrawDone && !chartsDrawn) setChartsDrawn(true);

  // Keyed on the metric and mode only: a live refresh of the compare answer must not refetch analyses.
  const ranked = compare.data ? { metric: compare.data.metric, mode: compare.data.mode } : null;
  const rankedKey = ranked ? new URLSearchParams(ranked).toString() : null;
  // Analysing a long run takes the server seconds: only once the diagnosis is wanted (scrolled to,
  // or a run's marks asked for), two at a time, so a zoom's reads are never queued behind them.
  const fetchAnalyses = rankedKey !== null && (analysesWanted || state.diag !== null);
  const analyses = useQueryMap(
    useMemo(() => (fetchAnalyses ? runs.map((id) => ({ id, query: runAnalysisQuery(id, rankedKey, analysisSlot) })) : []), [fetchAnalyses, rankedKey, runs]),
  );

  return { compare, live, polling, chartsDrawn, details, metricKeys, charts, plans, series, seriesRequests, analyses, metricName, prefetch };
}
