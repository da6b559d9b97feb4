"use client";

import { useEffect, useMemo, useState } from "react";
import { decodeSeriesBatch, isRunError, type DecodedSeries, type SeriesBatch } from "@/lib/metrics/series-binary";
import type { MetricsAxis, RunAnalysisResponse, RunDetail } from "../api-types";
import { ApiFailure, useApi } from "../use-api";
import { axisPlan, defaultCharts, type AxisPlan } from "@/lib/compare/axis-plan";
import { batchRequests } from "@/lib/compare/series-requests";
import type { CompareResponse } from "./types";
import { useFetchMany, type ManyState } from "./use-fetch-many";
import type { CompareState } from "@/lib/compare/url-state";

/** Live runs refresh this often; zoom, smoothing and everything else in the URL stay as they are. */
export const LIVE_REFRESH_MS = 10_000;
/** About two points per horizontal pixel, widths rounded so a small resize doesn't refetch. */
const POINTS_PER_PX = 2;
const WIDTH_STEP_PX = 100;
const DEFAULT_METRIC = "mIoU";
const ANALYSES_IN_FLIGHT = 2;
/** While the server smooths a long run for the first time, the chart asks again this often. */
const SMOOTHING_RETRY_MS = 1000;

const runUrl = (id: string) => `/api/v1/runs/${encodeURIComponent(id)}`;
const anyRunning = (c: CompareResponse) => c.runs.some((r) => r.status === "running");

/**
 * Counts the compare API's refreshes while a run is live: the signal for the per-run reads to
 * refetch too, so one timer (useApi's poll) drives the whole view.
 */
function useRefreshCount(data: unknown, live: boolean): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (live) setCount((c) => c + 1);
  }, [data, live]);
  return count;
}

/** One run's chart data: its series on a server x axis. */
export interface RunSeriesRead {
  x: MetricsAxis;
  series: Record<string, DecodedSeries>;
}

/** The compact float64 form of the read: a fraction of the JSON's bytes and no number parsing. */
const readBinary = async (res: Response) => decodeSeriesBatch(await res.arrayBuffer());

/** Batch answers → one series read per run (a run's `error` entry becomes its failure). */
function perRun(b: ManyState<SeriesBatch<DecodedSeries>>): ManyState<RunSeriesRead> {
  const data = new Map<string, RunSeriesRead>();
  const errors = new Map<string, ApiFailure>();
  for (const [group, err] of b.errors) for (const id of group.split("|")[0].split(",")) errors.set(id, err);
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
 * the zoomed range, and each run's analysis for the diagnosis table.
 */
export function useCompareData(state: CompareState, widthPx: number, analysesWanted: boolean) {
  const { runs, groupBy, metric, mode } = state;
  // The server works through requests one CPU at a time, and a browser sends only six at once:
  // the charts' reads go first, the compare API (summary, verdict) and the analyses after them.
  const [chartsDrawn, setChartsDrawn] = useState(false);
  const compareParams = new URLSearchParams({ runs: runs.join(",") });
  if (groupBy.length) compareParams.set("groupBy", groupBy.join(","));
  if (metric) compareParams.set("metric", metric);
  if (mode) compareParams.set("mode", mode);
  const compareUrl = runs.length && chartsDrawn ? `/api/v1/compare?${compareParams}` : null;
  const compare = useApi<CompareResponse>(compareUrl, { refreshMs: LIVE_REFRESH_MS, refreshWhile: anyRunning });
  const live = compare.polling;
  const tick = useRefreshCount(compare.data, live);

  const details = useFetchMany<RunDetail>(
    useMemo(() => runs.map((id) => ({ id, url: runUrl(id) })), [runs]),
    { tick },
  );
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
  const [pendingTick, setPendingTick] = useState(0);
  const batches = useFetchMany(seriesRequests, { tick: tick + pendingTick, read: readBinary });
  const series = useMemo(() => perRun(batches), [batches]);
  const smoothingPending = [...series.data.values()].some((r) => Object.values(r.series).some((s) => s.smoothedPending));
  useEffect(() => {
    if (!smoothingPending) return;
    const timer = window.setTimeout(() => setPendingTick((n) => n + 1), SMOOTHING_RETRY_MS);
    return () => window.clearTimeout(timer);
  }, [smoothingPending, batches]);

  // Drawn (or nothing to draw: no charts, or no run has points for this axis) — once, then it stays.
  const firstDrawDone = detailsIn && (charts.length === 0 || (maxPoints > 0 && (seriesRequests.length === 0 || !series.stale)));
  useEffect(() => {
    if (firstDrawDone) setChartsDrawn(true);
  }, [firstDrawDone]);

  // Keyed on the metric and mode only: a live refresh of the compare answer must not refetch analyses.
  const ranked = compare.data ? { metric: compare.data.metric, mode: compare.data.mode } : null;
  const rankedKey = ranked ? new URLSearchParams(ranked).toString() : null;
  // Analysing a long run takes the server seconds: only once the diagnosis is wanted (scrolled to,
  // or a run's marks asked for), two at a time, so a zoom's reads are never queued behind them.
  const fetchAnalyses = rankedKey !== null && (analysesWanted || state.diag !== null);
  const analysisRequests = useMemo(
    () => (fetchAnalyses ? runs.map((id) => ({ id, url: `${runUrl(id)}/analysis?${rankedKey}` })) : []),
    [fetchAnalyses, rankedKey, runs],
  );
  const analyses = useFetchMany<RunAnalysisResponse>(analysisRequests, { tick: live ? tick : 0, concurrency: ANALYSES_IN_FLIGHT });

  return { compare, live, details, metricKeys, charts, plans, series, seriesRequests, analyses, metricName };
}
