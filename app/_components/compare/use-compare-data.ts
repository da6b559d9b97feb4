"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { createLimit } from "@/lib/async-pool";
import { ApiFailure } from "@/lib/client/api-fetch";
import { isKind } from "@/lib/client/query-keys";
import { axisPlan, defaultCharts, type AxisPlan } from "@/lib/compare/axis-plan";
import { batchRequests, type SeriesRequest } from "@/lib/compare/series-requests";
import type { CompareState } from "@/lib/compare/url-state";
import { isRunError, type DecodedSeries, type SeriesBatch } from "@/lib/metrics/series-binary";
import type { MetricsAxis } from "../api-types";
import { invalidateRuns } from "../query/invalidate";
import { compareQuery, pollWhile, runAnalysisQuery, runQuery, seriesQuery } from "../query/queries";
import { useQueryMap, type QueryMap } from "../query/use-query-map";
import type { CompareResponse } from "./types";

/** Live runs refresh this often; zoom, smoothing and everything else in the URL stay as they are. */
export const LIVE_REFRESH_MS = 10_000;
/** About two points per horizontal pixel, widths rounded so a small resize doesn't refetch. */
const POINTS_PER_PX = 2;
const WIDTH_STEP_PX = 100;
const DEFAULT_METRIC = "mIoU";
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
 * detail (keys, config, axes), each run's series for the charted keys at ~2 points per pixel of
 * the zoomed range, and each run's analysis for the diagnosis table. While a run is live, the
 * compare API's poll drives the whole view: each of its answers has the per-run reads refetched.
 */
export function useCompareData(state: CompareState, widthPx: number, analysesWanted: boolean) {
  const { runs, groupBy, metric, mode, baseline } = state;
  const client = useQueryClient();
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
    refetchInterval: pollWhile(LIVE_REFRESH_MS, anyRunning),
  });
  const live = compare.data !== undefined && anyRunning(compare.data) && runs.length > 0 && chartsDrawn;
  useEffect(() => {
    if (live && compare.dataUpdatedAt) void invalidateRuns(client, runs, (key) => isKind(key, "compare"));
    // On each answer of the live poll only (runs are part of the compare query's key).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [compare.dataUpdatedAt, live]);

  const details = useQueryMap(useMemo(() => runs.map((id) => ({ id, query: runQuery(id) })), [runs]));
  const detailsIn = runs.length > 0 && !details.stale;

  // Before the compare answer, the project's main metric is known from any run's `best`.
  const firstDetail = details.data.values().next().value;
  const metricName = compare.data?.metric ?? metric ?? firstDetail?.best.metric ?? DEFAULT_METRIC;
  const metricKeys = useMemo(() => [...new Set([...details.data.values()].flatMap((d) => d.metrics.map((m) => m.key)))].sort(), [details.data]);
  const charts = useMemo(() => state.charts ?? defaultCharts(metricKeys, metricName), [state.charts, metricKeys, metricName]);

  const plans = useMemo(() => {
    const out = new Map<string, AxisPlan | null>();
    for (const [id, d] of details.data) out.set(id, axisPlan(state.x, d));
    return out;
  }, [details.data, state.x]);

  const maxPoints = widthPx > 0 ? Math.ceil(widthPx / WIDTH_STEP_PX) * WIDTH_STEP_PX * POINTS_PER_PX : 0;
  const seriesRequests = useMemo(
    () =>
      maxPoints === 0
        ? []
        : batchRequests({ runs, charts, plans, details: details.data, zoom: state.zoom, maxPoints, smoothing: state.smoothing, strength: state.strength }),
    [maxPoints, charts, runs, plans, details.data, state.zoom, state.smoothing, state.strength],
  );
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

  return { compare, live, details, metricKeys, charts, plans, series, seriesRequests, analyses, metricName };
}
