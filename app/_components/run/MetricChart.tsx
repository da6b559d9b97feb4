"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { RUN_PALETTE } from "@/lib/charts/colors";
import { seriesDatasets } from "@/lib/charts/datasets";
import { fromWire, type MetricsAxis, type WireSeries } from "../api-types";
import type { AnyDataset, ChartState, XRange } from "@/lib/charts/chart-types";
import { LineChart } from "../charts/LineChart";
import { formatLr, formatMetric, looksLikeLr } from "@/lib/format/format-values";
import { runMetricsQuery } from "../query/queries";
import { overlayDatasets } from "../diagnosis/overlay-datasets";
import type { ChartOverlay } from "../diagnosis/overlays";
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

/** One metric's chart: fetches its own points for its width and zoom, and refreshes while the run is live. */
export function MetricChart({
  runId,
  metricKey,
  axis,
  live,
  overlay,
}: {
  runId: string;
  metricKey: string;
  axis: MetricsAxis;
  live: boolean;
  overlay?: ChartOverlay | null;
}) {
  const [widthStep, setWidthStep] = useState(0);
  const [zoom, setZoom] = useState<XRange | null>(null);
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
    refetchInterval: live ? LIVE_REFRESH_MS : false,
  });
  const series = data?.x === axis ? data.series[metricKey] : undefined;
  const prepared = useMemo(() => (series ? prepare(metricKey, series) : { datasets: [], bands: new WeakSet<object>() }), [metricKey, series]);

  // Diagnosis overlays (plateau bands, LR drops, event markers, replayed LR) on top of the data.
  const overlays = useMemo(() => overlayDatasets(overlay, series), [overlay, series]);
  const datasets = useMemo(
    () => (overlays.datasets.length ? [...prepared.datasets, ...overlays.datasets] : prepared.datasets),
    [prepared.datasets, overlays.datasets],
  );

  const isLr = looksLikeLr(metricKey);
  const formatY = isLr ? formatLr : formatMetric;
  // While a zoom re-query is in flight the old points stay drawn but the state says "loading".
  const state: ChartState = error ? "error" : !series || stale ? "loading" : series.count === 0 && !zoom ? "empty" : "ready";
  const last = series && series.y.length > 0 ? formatY(series.y[series.y.length - 1]) : "none";
  const summary = series
    ? `${series.count} points${series.downsampled ? `, ${series.x.length} drawn` : ""}, last ${last}${isLr ? ", log scale" : ""}`
    : "loading";

  return (
    <LineChart
      testId={`chart-${metricKey}`}
      title={metricKey}
      summary={summary}
      state={state}
      message={error?.message ?? (state === "empty" ? "No points logged yet" : undefined)}
      datasets={datasets}
      isAuxiliary={(ds) => prepared.bands.has(ds)}
      isOverlay={(ds) => overlays.isOverlay(ds)}
      annotations={overlay?.annotations}
      xTitle={RUN_AXIS_TITLES[axis]}
      formatX={formatAxis(axis, { date: false })}
      formatY={formatY}
      defaultLogY={isLr}
      xRange={zoom}
      onZoom={setZoom}
      onWidth={onWidth}
    />
  );
}
