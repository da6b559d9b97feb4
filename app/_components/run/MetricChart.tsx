"use client";

import { useLatest } from "../use-latest";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import { appendSeries, DRAWN_BUDGET, eventFit, eventSeries } from "@/lib/client/append-series";
import type { AppendedKeyPoints } from "@/lib/events/appended-points";
import { batchedReads, coalesced } from "@/lib/client/coalesce";
import { useLive, useLiveEvents } from "../live/LiveProject";
import { RUN_PALETTE } from "@/lib/charts/colors";
import { seriesDatasets } from "@/lib/charts/datasets";
import { fromWire, type MetricsAxis, type MetricsResponse, type WireSeries } from "../api-types";
import type { AnyDataset, ChartAnnotation, ChartMarker, ChartState, XRange } from "@/lib/charts/chart-types";
import { LineChart } from "../charts/LineChart";
import { formatLr, formatMetric } from "@/lib/format/format-values";
import { isLrKey } from "@/lib/metrics/lr-keys";
import { runMetricsQuery } from "../query/queries";
import { overlayDatasets } from "@/lib/diagnosis/overlay-datasets";
import type { ChartOverlay } from "@/lib/diagnosis/overlays";
import { formatAxis, RUN_AXIS_TITLES } from "@/lib/charts/axis-format";

const LINE_COLOR = RUN_PALETTE[6];
const NON_FINITE_COLOR = "#dc2626";
const LIVE_REFRESH_MS = 5_000;
/** Request about two points per pixel; widths are rounded so a resize by a few pixels doesn't refetch. */
const WIDTH_STEP_PX = 100;
const POINTS_PER_PX = 2;

interface Prepared {
  datasets: AnyDataset[];
  bands: WeakSet<object>;
}

/** Wire series → Chart.js datasets: faint min/max band (when downsampled), the line, red NaN/±Inf markers. */
function prepare(key: string, series: WireSeries): Prepared {
  const y = series.y.map(fromWire);
  const band = series.downsampled ? { x: series.x, lower: series.min.map(fromWire), upper: series.max.map(fromWire) } : undefined;
  const bands = new WeakSet<object>();
  const datasets = seriesDatasets({ label: key, color: LINE_COLOR, raw: { x: series.x, y }, band }).map(({ role, dataset }): AnyDataset => {
    if (role === "band-upper" || role === "band-lower") bands.add(dataset);
    if (role !== "markers") return dataset;
    return { ...dataset, label: "NaN / ±Inf", borderColor: NON_FINITE_COLOR, backgroundColor: NON_FINITE_COLOR, pointRadius: 6, borderWidth: 2 };
  });
  return { datasets, bands };
}

/**
 * One metric's chart: fetches its own points for its width and zoom. While the run is live it
 * listens to the project's events and fetches only the points appended after its last one
 * (polling the whole range only while the event stream is down). Comments anchored on this key
 * are markers; `zoomTo` (a comment link) zooms it around a point.
 */
export function MetricChart({
  runId,
  metricKey,
  axis,
  live,
  overlay,
  markers,
  onMarker,
  zoomTo,
}: {
  runId: string;
  metricKey: string;
  axis: MetricsAxis;
  live: boolean;
  overlay?: ChartOverlay | null;
  markers?: readonly ChartMarker[];
  onMarker?: (id: string) => void;
  zoomTo?: XRange | null;
}) {
  const [widthStep, setWidthStep] = useState(0);
  const [zoom, setZoom] = useState<XRange | null>(zoomTo ?? null);
  // A new zoomTo (a ?comment= link) zooms there; adjusted while rendering, not in an effect after it.
  const [zoomedTo, setZoomedTo] = useState(zoomTo);
  if (zoomTo !== zoomedTo) {
    setZoomedTo(zoomTo);
    if (zoomTo) setZoom(zoomTo);
  }
  const { connected } = useLive();
  const client = useQueryClient();
  const onWidth = useCallback((px: number) => setWidthStep(Math.max(1, Math.ceil(px / WIDTH_STEP_PX))), []);
  const maxPoints = widthStep * WIDTH_STEP_PX * POINTS_PER_PX;
  const params = new URLSearchParams({ keys: metricKey, x: axis, maxPoints: String(maxPoints) });
  if (zoom) {
    params.set("from", String(zoom.min));
    params.set("to", String(zoom.max));
  }
  // Asked once the width is known; while a zoom's points load, the previous ones stay drawn.
  const {
    data,
    error,
    isPlaceholderData: stale,
  } = useQuery({
    ...runMetricsQuery(runId, params),
    enabled: maxPoints > 0,
    placeholderData: keepPreviousData,
    refetchInterval: live && !connected ? LIVE_REFRESH_MS : false,
  });
  const query = runMetricsQuery(runId, params);
  useAppendedPoints({ runId, metricKey, enabled: maxPoints > 0 && !zoom, axis, queryKey: query.queryKey, maxPoints, client });
  const series = data?.x === axis ? data.series[metricKey] : undefined;
  const prepared = useMemo(() => (series ? prepare(metricKey, series) : { datasets: [], bands: new WeakSet<object>() }), [metricKey, series]);

  // Diagnosis overlays (plateau bands, LR drops, event markers, replayed LR) on top of the data.
  const overlays = useMemo(() => overlayDatasets(overlay, series), [overlay, series]);
  const datasets = useMemo(
    () => (overlays.datasets.length ? [...prepared.datasets, ...overlays.datasets] : prepared.datasets),
    [prepared.datasets, overlays.datasets],
  );

  const isLr = isLrKey(metricKey);
  const formatY = isLr ? formatLr : formatMetric;
  // While a zoom re-query is in flight the old points stay drawn but the state says "loading".
  const state: ChartState = error ? "error" : !series || stale ? "loading" : series.count === 0 && !zoom ? "empty" : "ready";
  const last = series && series.y.length > 0 ? formatY(series.y[series.y.length - 1]) : "none";
  const summary = series
    ? `${series.count} points${series.downsampled ? `, ${series.x.length} drawn` : ""}, last ${last}${isLr ? ", log scale" : ""}`
    : "loading";

  const annotations = useMemo(
    () => [...(overlay?.annotations ?? []), ...(markers ?? []).map((m): ChartAnnotation => ({ kind: "line", at: m.x, color: MARKER_COLOR, dashed: true }))],
    [overlay?.annotations, markers],
  );
  return (
    <div data-testid="metric-chart" data-key={metricKey} data-last-x={series?.x[series.x.length - 1] ?? ""}>
      <LineChart
        testId={`chart-${metricKey}`}
        title={metricKey}
        summary={summary}
        state={state}
        message={error?.message ?? (state === "empty" ? "No points logged yet" : undefined)}
        datasets={datasets}
        isAuxiliary={(ds) => prepared.bands.has(ds)}
        isOverlay={(ds) => overlays.isOverlay(ds)}
        annotations={annotations}
        markers={markers}
        onMarker={onMarker}
        xTitle={RUN_AXIS_TITLES[axis]}
        formatX={formatAxis(axis, { date: false })}
        formatY={formatY}
        defaultLogY={isLr}
        xRange={zoom}
        onZoom={setZoom}
        onWidth={onWidth}
      />
    </div>
  );
}

const MARKER_COLOR = "rgba(79, 70, 229, 0.6)";

/** A chart's ask for its key's points after `from`. */
interface AppendedRead {
  key: string;
  from: number;
  maxPoints: number;
}

/**
 * The new points of a run's charts, read together: one request for every key asked for in the same
 * moment (a run page's charts all hear one event), from the earliest x any of them needs.
 */
const readAppended = batchedReads(async (runId: string, asks: AppendedRead[]) => {
  const keys = [...new Set(asks.map((a) => a.key))].sort();
  const params = new URLSearchParams({
    keys: keys.join(","),
    x: "step",
    from: String(Math.min(...asks.map((a) => a.from))),
    maxPoints: String(Math.max(...asks.map((a) => a.maxPoints))),
  });
  const added = await apiFetch<MetricsResponse>(`/api/v1/runs/${encodeURIComponent(runId)}/metrics?${params}`);
  return asks.map((a) => added.series[a.key]);
});

/**
 * On metrics.appended for this run and key: a small batch's points come with the event and are
 * appended as they are (appendFromEvent); otherwise read the points after the last one shown (with the
 * other charts of the run, lib/client/coalesce.ts) and append them to the cached answer; one read
 * in flight per chart, the next one covering every batch that arrived meanwhile. Off the step axis,
 * or past the drawing budget, the chart re-reads instead.
 */
function useAppendedPoints(opts: {
  runId: string;
  metricKey: string;
  enabled: boolean;
  axis: MetricsAxis;
  queryKey: readonly unknown[];
  maxPoints: number;
  client: QueryClient;
}) {
  const latest = useLatest(opts);
  const [pull] = useState(() =>
    coalesced(async () => {
      const { runId, metricKey, axis, queryKey, maxPoints, client } = latest.current;
      const series = client.getQueryData<MetricsResponse>(queryKey)?.series[metricKey];
      if (!series || axis !== "step") return void client.invalidateQueries({ queryKey, exact: true });
      const from = series.x.length ? series.x[series.x.length - 1] + 1 : 0;
      const added = await readAppended(runId, { key: metricKey, from, maxPoints });
      const now = client.getQueryData<MetricsResponse>(queryKey)?.series[metricKey];
      const merged = now && added ? appendSeries(now, added, DRAWN_BUDGET * maxPoints) : null;
      if (!merged) return void client.invalidateQueries({ queryKey, exact: true });
      setSeries(client, queryKey, metricKey, merged);
    }),
  );
  useLiveEvents((e) => {
    const o = latest.current;
    if (!o.enabled || e.type !== "metrics.appended" || e.data.runId !== o.runId || !e.data.keys.includes(o.metricKey)) return;
    if (!appendFromEvent(o, e.data.points?.[o.metricKey])) pull();
  });
}

/** The cached answer with `key`'s series replaced by `series`. */
function setSeries(client: QueryClient, queryKey: readonly unknown[], key: string, series: WireSeries): void {
  client.setQueryData<MetricsResponse>(queryKey, (d) => (d ? { ...d, series: { ...d.series, [key]: series } } : d));
}

/**
 * A small batch's points, carried by its event, appended to the cached answer without a read (the
 * rule both live charts share: eventFit). False when the event can't stand for the read of the
 * new range: off the step axis, no points carried, a gap, past the drawing budget.
 */
function appendFromEvent(
  o: { metricKey: string; axis: MetricsAxis; queryKey: readonly unknown[]; maxPoints: number; client: QueryClient },
  points?: AppendedKeyPoints,
): boolean {
  const { metricKey, axis, queryKey, maxPoints, client } = o;
  const series = axis === "step" ? client.getQueryData<MetricsResponse>(queryKey)?.series[metricKey] : undefined;
  const fit = series ? eventFit(series.x, points) : null;
  if (fit !== "append" || !series || !points) return fit === "shown";
  const merged = appendSeries(series, eventSeries(points), DRAWN_BUDGET * maxPoints);
  if (!merged) return false;
  setSeries(client, queryKey, metricKey, merged);
  return true;
}
