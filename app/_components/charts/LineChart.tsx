"use client";

import type { Chart } from "chart.js";
import { useEffect, useId, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import { chartCounts } from "@/lib/charts/chart-counts";
import type { AnyDataset, ChartAnnotation, ChartMarker, ChartState, XRange } from "@/lib/charts/chart-types";
import { tableOfDataset, tableOfLine } from "@/lib/charts/data-table";
import { NO_LAYERS, type ArrayLayers } from "@/lib/charts/layers";
import { ZOOM_KEYS } from "@/lib/charts/zoom";
import { useIdleValue } from "../use-idle-value";
import { DataTable } from "./DataTable";
import { useChartZoom } from "./use-chart-zoom";
import { useLineChart } from "./use-line-chart";

export interface LineChartProps {
  testId: string;
  /** Heading shown above the chart and used in the accessible name. */
  title: string;
  /** Text alternative, e.g. "lr: 600 points, last 1.2e-5". */
  summary: string;
  state: ChartState;
  message?: string;
  datasets: AnyDataset[];
  /** Datasets left out of the legend, the tooltip and the point count (e.g. min/max bands). */
  isAuxiliary?: (dataset: AnyDataset) => boolean;
  xTitle: string;
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  defaultLogY?: boolean;
  /** The zoomed x range (controlled); null shows everything. */
  xRange: XRange | null;
  onZoom: (range: XRange | null) => void;
  /** Reports the plot width in CSS pixels so the caller can ask the server for ~2 points per pixel. */
  onWidth?: (px: number) => void;
  height?: number;
  /** Logarithmic x axis (e.g. loss against LR in a range test). */
  logX?: boolean;
  /** Bands and vertical lines drawn behind / over the data; not counted as series or points. */
  annotations?: readonly ChartAnnotation[];
  /** Envelopes and lines drawn from their arrays under the datasets (see lib/charts/layers.ts); the axes make room for them. */
  layers?: ArrayLayers;
  /** Markers above the plot (comments at a point): hovering shows the label, clicking calls onMarker. */
  markers?: readonly ChartMarker[];
  onMarker?: (id: string) => void;
  /**
   * Datasets that annotate the data (event markers, a replayed LR): kept in the legend and the
   * tooltip but left out of the series/point counts, and counted in `data-overlays` instead.
   */
  isOverlay?: (dataset: AnyDataset) => boolean;
  /** Controlled log y (e.g. kept in the URL); without it the chart keeps its own, starting at `defaultLogY`. */
  logY?: boolean;
  onLogYChange?: (logY: boolean) => void;
  /** Fixed y limits (a locked range); null fits the data. */
  yRange?: XRange | null;
  /**
   * Set false when the caller draws these itself, e.g. the compare view's one legend for a stack
   * of charts and its synchronised crosshair readout.
   */
  legend?: boolean;
  tooltip?: boolean;
  /** Extra header controls, shown before the zoom and log switches. */
  actions?: ReactNode;
}

const NO_ANNOTATIONS: readonly ChartAnnotation[] = [];
/**
 * A chart's screen-reader table is rebuilt at most this often: a live chart redraws several times
 * a second, and laying out its hundreds of rows each time cost the compare page of 20 logging runs
 * more main thread than drawing its charts.
 */
const TABLE_EVERY_MS = 2_000;
const NEVER = () => false;

/**
 * The one Chart.js wrapper: a titled figure with its log/zoom switches, the canvas (drag across
 * the plot to zoom the x axis, double-click or Escape to reset; the caller re-queries the server
 * for the new range), a loading/empty/error overlay and a screen-reader table of the points.
 */
export function LineChart(props: LineChartProps) {
  const { testId, title, summary, state, message, datasets, isAuxiliary = NEVER, isOverlay = NEVER, xRange, height = 220, logX = false } = props;
  const annotations = props.annotations ?? NO_ANNOTATIONS;
  const layers = props.layers ?? NO_LAYERS;
  const hasData = datasets.length > 0 || layers.lines.length > 0 || layers.envelopes.length > 0;
  const { yRange = null, legend = true, tooltip = true } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [ownLogY, setOwnLogY] = useState(props.defaultLogY ?? false);
  const logY = props.logY ?? ownLogY;
  const toggleLogY = () => (props.onLogYChange ? props.onLogYChange(!logY) : setOwnLogY(!logY));
  const headingId = useId();
  const hintId = useId();

  const chartRef = useLineChart(canvasRef, wrapRef, props, { datasets, layers, annotations, xRange, yRange, logX, logY, legend, tooltip });
  const zoom = useChartZoom(chartRef, canvasRef, { enabled: hasData, zoomed: xRange !== null, onZoom: props.onZoom });

  const counts = chartCounts({ datasets, layers, annotations, isAuxiliary, isOverlay });
  // The screen-reader table is rebuilt with the data, not on every drag move or hover, and once
  // the browser is idle after the chart's drawing: its hundreds of rows don't hold up the frame.
  const tableData = useIdleValue(
    useMemo(() => ({ datasets, layers }), [datasets, layers]),
    TABLE_EVERY_MS,
  );
  const table = useMemo(
    () => (
      <DataTable
        title={title}
        series={[
          ...tableData.layers.lines.filter((l) => !l.auxiliary).map(tableOfLine),
          ...tableData.datasets.filter((d) => !isAuxiliary(d)).map(tableOfDataset),
        ]}
        formatX={props.formatX}
        xTitle={props.xTitle}
      />
    ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [title, tableData, props.xTitle],
  );

  return (
    <figure
      data-testid={testId}
      data-state={state}
      data-series={counts.series}
      data-points={counts.points}
      data-log-y={logY}
      data-overlays={counts.overlays}
      aria-labelledby={headingId}
      className="break-inside-avoid rounded-lg border border-slate-200 p-3 text-slate-600 dark:border-slate-800 dark:text-slate-400 print:border-slate-400 print:text-black"
    >
      <figcaption className="mb-2 flex items-center justify-between gap-2">
        <h3 id={headingId} className="truncate font-mono text-sm font-medium text-slate-900 dark:text-slate-100" title={title}>
          {title}
        </h3>
        <div className="no-print flex items-center gap-2 text-xs">
          {props.actions}
          {xRange && (
            <button type="button" className="btn-secondary px-2 py-0.5 text-xs" onClick={() => props.onZoom(null)} data-testid={`${testId}-reset`}>
              Reset zoom
            </button>
          )}
          <button type="button" aria-pressed={logY} className="btn-secondary px-2 py-0.5 text-xs" onClick={toggleLogY} data-testid={`${testId}-log`}>
            {logY ? "log y" : "linear y"}
          </button>
        </div>
      </figcaption>
      <div ref={wrapRef} className="relative" style={{ height }}>
        <canvas
          ref={canvasRef}
          role="img"
          tabIndex={hasData ? 0 : -1}
          aria-label={`${title}: ${summary}`}
          aria-keyshortcuts={ZOOM_KEYS}
          aria-describedby={hintId}
          className={
            state === "ready" || hasData ? "cursor-crosshair touch-none rounded focus-visible:outline-2 focus-visible:outline-indigo-500" : "invisible"
          }
          {...zoom.handlers}
        />
        <MarkerLayer chartRef={chartRef} markers={props.markers} onMarker={props.onMarker} />
        {zoom.selection && <div aria-hidden className="pointer-events-none absolute bg-indigo-500/15 ring-1 ring-indigo-500/60" style={zoom.selection} />}
        {state !== "ready" && !(state === "loading" && hasData) && <StateOverlay state={state} message={message} />}
      </div>
      {table}
    </figure>
  );
}

/**
 * HTML buttons over the chart at each marker's x (focusable, unlike canvas drawings). Positions are
 * read from the chart's x scale after each render and resize; markers outside the range are hidden.
 */
function MarkerLayer({
  chartRef,
  markers,
  onMarker,
}: {
  chartRef: RefObject<Chart<"line"> | null>;
  markers?: readonly ChartMarker[];
  onMarker?: (id: string) => void;
}) {
  const [placed, setPlaced] = useState<{ id: string; label: string; left: number; top: number }[]>([]);
  // No dependency list on purpose: the chart is redrawn (data, zoom, size) by effects the markers
  // can't name, so they are placed again after every render; setPlaced keeps the old array when
  // nothing moved, which ends the chain.
  useEffect(() => {
    // Read at the frame: the chart is created (with its first data) or redrawn by the parent's
    // effect, which runs after this one.
    const place = () => {
      const chart = chartRef.current;
      const x = chart?.scales.x;
      const next =
        chart && x && markers
          ? markers
              .filter((m) => m.x >= x.min && m.x <= x.max)
              .map((m) => ({ id: m.id, label: m.label, left: x.getPixelForValue(m.x), top: chart.chartArea.top }))
          : [];
      setPlaced((p) => (JSON.stringify(p) === JSON.stringify(next) ? p : next));
    };
    const observer = new ResizeObserver(() => requestAnimationFrame(place));
    const frame = requestAnimationFrame(() => {
      place();
      if (chartRef.current && markers?.length) observer.observe(chartRef.current.canvas);
    });
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  });
  return placed.map((m) => (
    <button
      key={m.id}
      type="button"
      data-testid="chart-marker"
      data-marker-id={m.id}
      title={m.label}
      aria-label={`Comment: ${m.label}`}
      onClick={() => onMarker?.(m.id)}
      className="absolute z-10 -translate-x-1/2 -translate-y-full rounded-full bg-indigo-600 px-1 text-[10px] leading-4 text-white shadow hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-400"
      style={{ left: m.left, top: m.top }}
    >
      💬
    </button>
  ));
}

/** Covers the canvas while there is nothing to draw: a pulse while loading, else the message. */
function StateOverlay({ state, message }: { state: ChartState; message?: string }) {
  if (state === "loading")
    return <div role="status" aria-label="Loading chart" className="absolute inset-0 animate-loading rounded bg-slate-100 dark:bg-slate-800" />;
  return (
    <div
      role={state === "error" ? "alert" : undefined}
      className={`absolute inset-0 flex items-center justify-center rounded text-sm ${state === "error" ? "text-red-700 dark:text-red-300" : ""}`}
    >
      {message ?? (state === "error" ? "Could not load this chart" : "No data")}
    </div>
  );
}
