"use client";

import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartDataset,
  type Plugin,
  type TooltipItem,
} from "chart.js";
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
} from "react";
import { arrayLayersPlugin, layersExtent, NO_LAYERS, type ArrayLayers, type ArrayLine } from "./array-layers";

// Only the parts used here: keeps the client bundle small (no chart.js/auto).
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Tooltip, Legend);

export type ChartState = "loading" | "ready" | "empty" | "error";
export type AnyDataset = ChartDataset<"line", unknown[]> | ChartDataset<"scatter", unknown[]>;
export interface XRange {
  min: number;
  max: number;
}

/** Drawn on the canvas in x data units: a shaded x interval (e.g. a plateau) or a vertical line (e.g. an LR drop). */
export type ChartAnnotation = { kind: "band"; from: number; to: number; color: string } | { kind: "line"; at: number; color: string; dashed?: boolean };

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
  /** Envelopes and lines drawn from their arrays under the datasets (see array-layers.ts); the axes make room for them. */
  layers?: ArrayLayers;
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
/** Draws `annotations` (read from the latest props): bands under the datasets, lines over them. */
function annotationPlugin(get: () => readonly ChartAnnotation[]): Plugin<"line"> {
  const draw = (chart: Chart<"line">, kind: ChartAnnotation["kind"]) => {
    const { ctx, chartArea: area, scales } = chart;
    const x = scales.x;
    if (!x || !area) return;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    for (const a of get()) {
      if (a.kind !== kind) continue;
      if (a.kind === "band") {
        const left = x.getPixelForValue(a.from);
        const right = x.getPixelForValue(a.to);
        ctx.fillStyle = a.color;
        // At least 2 px wide so a plateau of one evaluation stays visible.
        ctx.fillRect(Math.min(left, right), area.top, Math.max(2, Math.abs(right - left)), area.bottom - area.top);
      } else {
        const px = x.getPixelForValue(a.at);
        ctx.strokeStyle = a.color;
        ctx.lineWidth = 1.5;
        ctx.setLineDash(a.dashed ? [4, 3] : []);
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
      }
    }
    ctx.restore();
  };
  return {
    id: "annealAnnotations",
    beforeDatasetsDraw: (chart) => draw(chart, "band"),
    afterDatasetsDraw: (chart) => draw(chart, "line"),
  };
}

/** A log axis gets a tick at every 1…9 × 10^k; labelling only 1, 2 and 5 keeps it readable. */
function isMinorLogTick(value: number): boolean {
  return ![1, 2, 5].includes(Math.round(value / 10 ** Math.floor(Math.log10(value) + 1e-9)));
}

const MIN_DRAG_PX = 5;
/** Keyboard zoom factor per key press, and pan step as a share of the half-width shown. */
const KEY_ZOOM = 2;
const KEY_PAN = 0.5;
/** Rows of the screen-reader table per chart, shared by its series (at least 10 each). */
const TABLE_ROWS = 500;
const MIN_ROWS_PER_SERIES = 10;

/**
 * The one Chart.js wrapper. Creates the chart once, updates data and options in place (no
 * animation, so refreshes don't flicker), destroys it on unmount. Drag across the plot to zoom
 * the x axis, double-click to reset; the caller re-queries the server for the new range.
 */
export function LineChart(props: LineChartProps) {
  const { testId, title, summary, state, message, datasets, isAuxiliary = () => false, isOverlay = () => false, xRange, height = 220, logX = false } = props;
  const annotations = props.annotations ?? NO_ANNOTATIONS;
  const layers = props.layers ?? NO_LAYERS;
  const hasData = datasets.length > 0 || layers.lines.length > 0 || layers.envelopes.length > 0;
  const { yRange = null, legend: showLegend = true, tooltip: showTooltip = true } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<Chart<"line"> | null>(null);
  // Latest props for Chart.js callbacks, which are created once.
  const propsRef = useRef(props);
  propsRef.current = props;
  const [ownLogY, setOwnLogY] = useState(props.defaultLogY ?? false);
  const logY = props.logY ?? ownLogY;
  const toggleLogY = () => (props.onLogYChange ? props.onLogYChange(!logY) : setOwnLogY(!logY));
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const headingId = useId();

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ink = getComputedStyle(canvas.parentElement ?? canvas).color;
    const grid = "rgba(128, 128, 128, 0.2)";
    const visible = (ds: AnyDataset) => !propsRef.current.isAuxiliary?.(ds);
    const chart = new Chart(canvas, {
      type: "line",
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: "nearest", axis: "x", intersect: false },
        // Without its legend and tooltip the chart needs no pointer events: hit-testing every
        // point of dozens of overlaid runs on each mouse move is what makes a drag stutter.
        ...(showLegend || showTooltip ? {} : { events: [] }),
        scales: {
          x: {
            type: "linear",
            ticks: {
              color: ink,
              maxRotation: 0,
              callback(v) {
                const value = Number(v);
                if (this.type === "logarithmic" && isMinorLogTick(value)) return "";
                return propsRef.current.formatX(value);
              },
            },
            grid: { color: grid },
            title: { display: true, color: ink, text: props.xTitle },
          },
          y: {
            type: "linear",
            ticks: {
              color: ink,
              callback(v) {
                const value = Number(v);
                if (this.type === "logarithmic" && isMinorLogTick(value)) return "";
                return propsRef.current.formatY(value);
              },
            },
            grid: { color: grid },
          },
        },
        plugins: {
          legend: { labels: { color: ink, boxWidth: 12, filter: (item, data) => visible(data.datasets[item.datasetIndex ?? 0] as AnyDataset) } },
          tooltip: {
            filter: (item) => visible(item.dataset as AnyDataset),
            callbacks: {
              title: (items) => (items[0] ? `${propsRef.current.xTitle} ${propsRef.current.formatX(items[0].parsed.x ?? 0)}` : ""),
              label: (item: TooltipItem<"line">) => {
                const raw = item.raw as { y: number | null; value?: string };
                return `${item.dataset.label ?? ""}: ${raw.value ?? propsRef.current.formatY(raw.y ?? NaN)}`;
              },
            },
          },
        },
      },
      plugins: [annotationPlugin(() => propsRef.current.annotations ?? NO_ANNOTATIONS), arrayLayersPlugin(() => propsRef.current.layers ?? NO_LAYERS)],
    });
    chartRef.current = chart;
    // The ink was read for the screen theme; paper is white, so print in black (dark-theme ticks
    // would come out light grey) and restore afterwards.
    const paint = (color: string) => {
      const { x, y } = chart.options.scales as Record<"x" | "y", { ticks: { color?: unknown }; title?: { color?: unknown } }>;
      x.ticks.color = y.ticks.color = color;
      if (x.title) x.title.color = color;
      const labels = chart.options.plugins?.legend?.labels;
      if (labels) labels.color = color;
      chart.update("none");
    };
    const beforePrint = () => paint("#000");
    const afterPrint = () => paint(ink);
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);
    return () => {
      window.removeEventListener("beforeprint", beforePrint);
      window.removeEventListener("afterprint", afterPrint);
      chart.destroy();
      chartRef.current = null;
    };
    // Created once; everything that changes goes through the update effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    // While a new range loads, the points already here are drawn at it: the zoom shows at once,
    // the detail follows.
    chart.data.datasets = datasets as ChartDataset<"line">[];
    // Both scales were created as cartesian ones above; the union type can't know that.
    const x = chart.options.scales?.x as
      { type: "linear" | "logarithmic"; min?: number; max?: number; suggestedMin?: number; suggestedMax?: number; title: { text: string } } | undefined;
    const y = chart.options.scales?.y as
      { type: "linear" | "logarithmic"; min?: number; max?: number; suggestedMin?: number; suggestedMax?: number } | undefined;
    const extent = layersExtent(layers, logY, xRange);
    if (x) {
      x.min = xRange?.min;
      x.max = xRange?.max;
      x.suggestedMin = extent.x.min;
      x.suggestedMax = extent.x.max;
      x.title.text = props.xTitle;
      x.type = logX ? "logarithmic" : "linear";
    }
    if (y) {
      y.type = logY ? "logarithmic" : "linear";
      y.min = yRange?.min;
      y.max = yRange?.max;
      y.suggestedMin = extent.y.min;
      y.suggestedMax = extent.y.max;
    }
    // A legend for a lone line is noise; it earns its place once markers or more series appear.
    const legend = chart.options.plugins?.legend;
    if (legend) legend.display = showLegend && datasets.filter((d) => !propsRef.current.isAuxiliary?.(d)).length > 1;
    const tooltip = chart.options.plugins?.tooltip;
    if (tooltip) tooltip.enabled = showTooltip;
    chart.update("none");
    // What is on the canvas now: lets a test or benchmark wait for the drawing, not just the data.
    wrapRef.current?.setAttribute("data-drawn", `${propsRef.current.state}:${xRange?.min ?? ""}:${xRange?.max ?? ""}`);
    // Annotations are read by the plugin at draw time; listing them here redraws when they change.
  }, [datasets, layers, xRange, yRange, logY, logX, annotations, showLegend, showTooltip, props.xTitle, state]);

  const onWidth = props.onWidth;
  useEffect(() => {
    const el = wrapRef.current;
    if (!el || !onWidth) return;
    const observer = new ResizeObserver(([entry]) => onWidth(entry.contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, [onWidth]);

  /** Pixel offset inside the canvas → x value, clamped to the plot area. */
  const valueAt = (clientX: number): number | null => {
    const chart = chartRef.current;
    const canvas = canvasRef.current;
    if (!chart || !canvas) return null;
    const px = clientX - canvas.getBoundingClientRect().left;
    const { left, right } = chart.chartArea;
    return chart.scales.x.getValueForPixel(Math.min(right, Math.max(left, px))) ?? null;
  };
  const pixelOf = (value: number) => chartRef.current?.scales.x.getPixelForValue(value) ?? 0;

  /** Keyboard zoom on the focused chart: + / − zoom around the middle, ← / → pan, Escape or 0 resets. */
  const onKeyDown = (e: ReactKeyboardEvent<HTMLCanvasElement>) => {
    const x = chartRef.current?.scales.x;
    if (!x || !hasData || e.altKey || e.ctrlKey || e.metaKey) return;
    const { min, max } = x;
    const mid = (min + max) / 2;
    const half = (max - min) / 2;
    const next: Record<string, XRange | null> = {
      "+": { min: mid - half / KEY_ZOOM, max: mid + half / KEY_ZOOM },
      "=": { min: mid - half / KEY_ZOOM, max: mid + half / KEY_ZOOM },
      "-": { min: mid - half * KEY_ZOOM, max: mid + half * KEY_ZOOM },
      ArrowLeft: { min: min - half * KEY_PAN, max: max - half * KEY_PAN },
      ArrowRight: { min: min + half * KEY_PAN, max: max + half * KEY_PAN },
      Escape: null,
      "0": null,
    };
    if (!(e.key in next)) return;
    e.preventDefault();
    if (next[e.key] === null && !xRange) return;
    props.onZoom(next[e.key]);
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0 || !hasData) return;
    const v = valueAt(e.clientX);
    if (v === null) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ from: v, to: v });
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!drag) return;
    const v = valueAt(e.clientX);
    if (v !== null) setDrag({ ...drag, to: v });
  };
  const onPointerUp = () => {
    if (!drag) return;
    setDrag(null);
    if (Math.abs(pixelOf(drag.to) - pixelOf(drag.from)) < MIN_DRAG_PX) return;
    props.onZoom({ min: Math.min(drag.from, drag.to), max: Math.max(drag.from, drag.to) });
  };

  const counted = datasets.filter((d) => !isAuxiliary(d) && !isOverlay(d));
  const countedLines = layers.lines.filter((l) => !l.auxiliary);
  const pointCount = counted.reduce((n, d) => n + d.data.length, 0) + countedLines.reduce((n, l) => n + l.x.length, 0);
  const seriesCount = counted.length + countedLines.length;
  // Overlay items: each band or line, each marker of a scatter overlay, one per overlay line.
  const overlayCount = datasets.filter((d) => isOverlay(d)).reduce((n, d) => n + (d.type === "scatter" ? d.data.length : 1), annotations.length);
  const chartArea = chartRef.current?.chartArea;
  // The screen-reader table is rebuilt with the data, not on every drag move or hover.
  const table = useMemo(
    () => (
      <DataTable
        title={title}
        series={[...countedLines.map(tableOfLine), ...datasets.filter((d) => !isAuxiliary(d)).map(tableOfDataset)]}
        formatX={props.formatX}
        xTitle={props.xTitle}
      />
    ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [title, datasets, layers, props.xTitle],
  );

  return (
    <figure
      data-testid={testId}
      data-state={state}
      data-series={seriesCount}
      data-points={pointCount}
      data-log-y={logY}
      data-overlays={overlayCount}
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
          aria-keyshortcuts="+ - ArrowLeft ArrowRight Escape"
          aria-description="Plus and minus zoom, arrow keys pan, Escape resets the zoom"
          className={
            state === "ready" || hasData ? "cursor-crosshair touch-none rounded focus-visible:outline-2 focus-visible:outline-indigo-500" : "invisible"
          }
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => setDrag(null)}
          onDoubleClick={() => props.onZoom(null)}
          onKeyDown={onKeyDown}
        />
        {drag && chartArea && (
          <div
            aria-hidden
            className="pointer-events-none absolute bg-indigo-500/15 ring-1 ring-indigo-500/60"
            style={{
              top: chartArea.top,
              height: chartArea.bottom - chartArea.top,
              left: Math.min(pixelOf(drag.from), pixelOf(drag.to)),
              width: Math.abs(pixelOf(drag.to) - pixelOf(drag.from)),
            }}
          />
        )}
        {state !== "ready" && !(state === "loading" && hasData) && <Overlay state={state} message={message} />}
      </div>
      {table}
    </figure>
  );
}

function Overlay({ state, message }: { state: ChartState; message?: string }) {
  if (state === "loading")
    return <div role="status" aria-label="Loading chart" className="absolute inset-0 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />;
  return (
    <div
      role={state === "error" ? "alert" : undefined}
      className={`absolute inset-0 flex items-center justify-center rounded text-sm ${state === "error" ? "text-red-700 dark:text-red-300" : ""}`}
    >
      {message ?? (state === "error" ? "Could not load this chart" : "No data")}
    </div>
  );
}

/** One plotted series for the screen-reader table: its label and its i-th point. */
interface TableSeries {
  label: string;
  n: number;
  x: (i: number) => number;
  value: (i: number) => string;
}

function tableOfLine(l: ArrayLine): TableSeries {
  return { label: l.label, n: l.x.length, x: (i) => l.x[i], value: (i) => (Number.isFinite(l.y[i]) ? String(l.y[i]) : "gap") };
}

function tableOfDataset(ds: AnyDataset): TableSeries {
  const points = ds.data as { x: number; y: number | null; value?: string }[];
  return {
    label: ds.label ?? "",
    n: points.length,
    x: (i) => points[i].x,
    value: (i) => points[i].value ?? (points[i].y === null ? "gap" : String(points[i].y)),
  };
}

/** Screen-reader fallback: an evenly thinned table of the plotted points. */
function DataTable({ title, series, formatX, xTitle }: { title: string; series: TableSeries[]; formatX: (x: number) => string; xTitle: string }) {
  const rowsPerSeries = Math.max(MIN_ROWS_PER_SERIES, Math.floor(TABLE_ROWS / Math.max(1, series.length)));
  return (
    <div className="sr-only">
      {series.map((s, i) => {
        const stride = Math.max(1, Math.ceil(s.n / rowsPerSeries));
        const rows = Array.from({ length: Math.ceil(s.n / stride) }, (_, j) => j * stride);
        if (s.n > 0 && rows.at(-1) !== s.n - 1) rows.push(s.n - 1);
        return (
          <table key={i}>
            <caption>
              {title} — {s.label} ({s.n} points{stride > 1 ? `, every ${stride}th shown` : ""})
            </caption>
            <thead>
              <tr>
                <th scope="col">{xTitle}</th>
                <th scope="col">value</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((j) => (
                <tr key={j}>
                  <td>{formatX(s.x(j))}</td>
                  <td>{s.value(j)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
