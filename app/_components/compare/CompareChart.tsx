"use client";

import { useMemo, useState, type PointerEvent as ReactPointerEvent } from "react";
import { formatLr, formatMetric } from "@/lib/format/format-values";
import { isLrKey } from "@/lib/metrics/lr-keys";
import type { ChartAnnotation, ChartState, XRange } from "@/lib/charts/chart-types";
import { LineChart } from "../charts/LineChart";
import { buildChartData, sameDrawnRuns, type ChartDataInput } from "@/lib/compare/chart-data";
import { useStableValue } from "../use-stable-value";
import { Crosshair, overlayOf } from "./Crosshair";
import type { HoverStore } from "./hover-store";

export interface CompareChartProps {
  id: string;
  keys: string[];
  /** What every chart of the stack shares (runs, groups, smoothing, highlight). */
  data: Omit<ChartDataInput, "keys" | "showRaw">;
  showRaw: boolean;
  /** Loading until every visible run's series is in; error when none could be read. */
  state: ChartState;
  message?: string;
  xTitle: string;
  formatX: (x: number) => string;
  zoom: XRange | null;
  onZoom: (range: XRange | null) => void;
  onWidth?: (px: number) => void;
  logY: boolean;
  onLogY: (log: boolean) => void;
  yLock: XRange | null;
  onYLock: (range: XRange | null) => void;
  onToggleRaw: () => void;
  onRemove?: () => void;
  hover: HoverStore;
  markX: number | null;
  /** One run's diagnosis marks (plateau bands, LR drops, events), when the user picked a run. */
  annotations?: readonly ChartAnnotation[];
}

/** One stacked compare chart: the shared wrapper plus the crosshair and the chart's own switches. */
export function CompareChart(props: CompareChartProps) {
  const { id, data: shared, showRaw, hover } = props;
  // The wrapper element as state (not a ref): the crosshair reads the chart geometry from it while rendering.
  const [wrap, setWrap] = useState<HTMLDivElement | null>(null);
  const { groups, smoothing, strength, band, highlight } = shared;
  // New lists equal in what this chart draws (the compare answer's own run objects, the default
  // charts' keys worked out again, another chart's read arriving) keep the old ones: the chart is
  // not rebuilt and drawn again for them.
  const keys = useStableValue(props.keys, sameKeys);
  const runs = useStableValue(shared.runs, (a, b) => sameDrawnRuns(a, b, keys));
  // Rebuilt only when what is drawn changes: not on a re-render for the tables or a zoom-in-flight.
  const data = useMemo(
    () => buildChartData({ keys, runs, groups, smoothing, strength, band, highlight, showRaw }),
    [keys, runs, groups, smoothing, strength, band, highlight, showRaw],
  );
  const firstKey = keys[0];
  // Each run's last x of the first key, as drawn: lets a test or benchmark see a live point arrive.
  const lastX = useMemo(
    () =>
      runs
        .map((r) => {
          const x = r.series?.[firstKey]?.x;
          return x?.length ? `${r.id}:${x[x.length - 1]}` : null;
        })
        .filter((v) => v !== null)
        .join(" "),
    [runs, firstKey],
  );
  const isLr = isLrKey(firstKey);
  const formatY = isLr ? formatLr : formatMetric;
  const title = keys.join(" · ");

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const o = overlayOf(wrap);
    if (!o) return;
    const px = e.clientX - o.canvas.getBoundingClientRect().left;
    const { left, right } = o.chart.chartArea;
    if (px < left || px > right) return hover.set(null);
    const x = o.chart.scales.x.getValueForPixel(px);
    hover.set(x === undefined ? null : { x, chartId: id });
  };

  const lockY = () => {
    if (props.yLock) return props.onYLock(null);
    const scale = overlayOf(wrap)?.chart.scales.y;
    if (scale) props.onYLock({ min: scale.min, max: scale.max });
  };

  const exportPng = () => {
    const o = overlayOf(wrap);
    if (!o) return;
    // The canvas is transparent: paint the page background under it so the PNG reads in any viewer.
    const out = document.createElement("canvas");
    out.width = o.canvas.width;
    out.height = o.canvas.height;
    const ctx = out.getContext("2d");
    if (!ctx) return;
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor || "#fff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(o.canvas, 0, 0);
    download(out.toDataURL("image/png"), `${title.replace(/[^\w.-]+/g, "_")}.png`);
  };

  const summary = `${data.lines.length} lines${data.downsampled ? ", downsampled" : ""}${props.logY ? ", log scale" : ""}`;
  const btn = "btn-secondary px-2 py-0.5 text-xs";
  const actions = (
    <>
      <button
        type="button"
        className={btn}
        aria-pressed={props.yLock !== null}
        onClick={lockY}
        data-testid={`compare-chart-${firstKey}-ylock`}
        title="Keep this y range when data or zoom change"
      >
        {props.yLock ? "y locked" : "lock y"}
      </button>
      <button
        type="button"
        className={btn}
        aria-pressed={showRaw}
        onClick={props.onToggleRaw}
        disabled={smoothing === "none" || groups !== null}
        title="The faint unsmoothed line under each smoothed one"
      >
        raw {showRaw ? "on" : "off"}
      </button>
      <button type="button" className={btn} onClick={exportPng} data-testid={`compare-chart-${firstKey}-png`} aria-label={`Download ${title} as PNG`}>
        PNG
      </button>
      {props.onRemove && (
        <button type="button" className={btn} onClick={props.onRemove} aria-label={`Remove the ${title} chart`}>
          ✕
        </button>
      )}
    </>
  );
  return (
    <div
      ref={setWrap}
      className="relative"
      onPointerMove={onPointerMove}
      onPointerLeave={() => hover.set(null)}
      data-chart-id={id}
      data-last-x={lastX}
      data-y-lock={props.yLock ? `${props.yLock.min}:${props.yLock.max}` : undefined}
    >
      <LineChart
        testId={`compare-chart-${firstKey}`}
        title={title}
        summary={summary}
        state={props.state}
        message={props.message}
        datasets={data.datasets}
        isAuxiliary={(ds) => data.auxiliary.has(ds)}
        xTitle={props.xTitle}
        formatX={props.formatX}
        formatY={formatY}
        logY={props.logY}
        onLogYChange={props.onLogY}
        yRange={props.yLock}
        legend={false}
        tooltip={false}
        actions={actions}
        xRange={props.zoom}
        onZoom={props.onZoom}
        onWidth={props.onWidth}
        annotations={props.annotations}
        layers={data.layers}
        height={240}
      />
      <Crosshair
        store={hover}
        chartId={id}
        wrap={wrap}
        lines={data.lines}
        formatX={props.formatX}
        formatY={formatY}
        xTitle={props.xTitle}
        markX={props.markX}
      />
    </div>
  );
}

const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k, i) => k === b[i]);

/** Saves a data: or blob: URL as a file; a blob URL is released once the click has started the download. */
export function download(href: string, filename: string): void {
  const a = document.createElement("a");
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (href.startsWith("blob:")) window.setTimeout(() => URL.revokeObjectURL(href), 0);
}
