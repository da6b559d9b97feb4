"use client";

import { useLatest } from "../use-latest";
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
  type ChartConfiguration,
  type ChartDataset,
  type ChartOptions,
  type Scale,
  type TooltipItem,
} from "chart.js";
import { useCallback, useEffect, useMemo, useRef, type RefObject } from "react";
import type { AnyDataset, ChartAnnotation, XRange } from "@/lib/charts/chart-types";
import { layersExtent, NO_LAYERS, type ArrayLayers } from "@/lib/charts/layers";
import { isMinorLogTick, keptLogTicks } from "@/lib/charts/log-ticks";
import { annotationPlugin } from "./annotation-plugin";
import { arrayLayersPlugin } from "./array-layers-plugin";
import type { LineChartProps } from "./LineChart";

// Only the parts used here: keeps the client bundle small (no chart.js/auto).
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Tooltip, Legend);

const NO_ANNOTATIONS: readonly ChartAnnotation[] = [];

/** A log axis keeps only the ticks worth their labels and grid lines (lib/charts/log-ticks.ts); a linear one makes few already. */
function thinLogTicks(scale: Scale): void {
  if (scale.type === "logarithmic") scale.ticks = keptLogTicks(scale.ticks, scale.min, scale.max);
}

/** What the drawing depends on, resolved by LineChart (defaults applied, log y controlled or not). */
export interface DrawnProps {
  datasets: AnyDataset[];
  layers: ArrayLayers;
  annotations: readonly ChartAnnotation[];
  xRange: XRange | null;
  yRange: XRange | null;
  logX: boolean;
  logY: boolean;
  legend: boolean;
  tooltip: boolean;
}

/**
 * The Chart.js instance behind a LineChart. Created once, updated in place (no animation, so
 * refreshes don't flicker), destroyed on unmount. Chart.js callbacks read the latest props
 * through a ref, as they are created once too.
 */
export function useLineChart(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  wrapRef: RefObject<HTMLDivElement | null>,
  props: LineChartProps,
  drawn: DrawnProps,
): RefObject<Chart<"line"> | null> {
  const chartRef = useRef<Chart<"line"> | null>(null);
  // Updated before any effect below runs, so a redraw formats with this render's props.
  const propsRef = useLatest(props);
  const { xTitle, state } = props;
  const { datasets, layers, annotations, xRange, yRange, logX, logY, legend: showLegend, tooltip: showTooltip } = drawn;
  // `drawn` is a new object each render; this one is new only when something drawn changed, so the
  // drawing effect below runs then and not on every render. Annotations are read by the plugin at
  // draw time; listed here, a change of them draws again. The chart's state (loading, ready) is
  // not drawn on the canvas: its change alone draws nothing again.
  const current = useMemo<DrawnProps>(
    () => ({ datasets, layers, annotations, xRange, yRange, logX, logY, legend: showLegend, tooltip: showTooltip }),
    [datasets, layers, annotations, xRange, yRange, logX, logY, showLegend, showTooltip],
  );
  const withData = hasData(current);

  const unprintRef = useRef<() => void>(undefined);
  useEffect(
    () => () => {
      unprintRef.current?.();
      chartRef.current?.destroy();
      chartRef.current = null;
    },
    [],
  );

  // The plot's size, from a ResizeObserver on the wrapper (told after layout, before paint): the
  // chart is created at it and resized with it, never measuring the page itself (Chart.js's
  // responsive mode reads computed styles and sizes at construction, a forced layout per chart).
  const sizeRef = useRef<{ width: number; height: number } | null>(null);
  // Draws the current data (creating the chart once there is data and a size), then says so. A
  // ref, set by the drawing effect, because the observer (subscribed once) calls it on a first size.
  const drawRef = useRef<() => void>(() => {});
  // What is on the canvas now: lets a test or benchmark wait for the drawing, not just the data.
  const markDrawn = useCallback(() => {
    const { state: drawnState, xRange: range } = propsRef.current;
    wrapRef.current?.setAttribute("data-drawn", `${drawnState}:${range?.min ?? ""}:${range?.max ?? ""}`);
  }, [propsRef, wrapRef]);
  useEffect(() => {
    const isAuxiliary = propsRef.current.isAuxiliary;
    const legendItems = isAuxiliary ? current.datasets.filter((d) => !isAuxiliary(d)).length : current.datasets.length;
    const settings = { xTitle, legendItems };
    drawRef.current = () => {
      const chart = chartRef.current;
      const canvas = canvasRef.current;
      if (chart) {
        applyDrawn(chart, current, settings);
        chart.update("none");
      } else if (canvas && hasData(current)) {
        // Not sized yet: the observer's first answer draws it.
        if (!sizeRef.current) return;
        // Created with its first data, drawn once: an empty chart's layout and drawing (under the
        // loading overlay, so never seen) cost about as much as drawing the data.
        const ink = getComputedStyle(canvas.parentElement ?? canvas).color;
        const created = createChart(canvas, ink, propsRef, sizeRef.current, { events: current.legend || current.tooltip }, (config) =>
          applyDrawn(config, current, settings),
        );
        chartRef.current = created;
        unprintRef.current = repaintForPrint(created, ink);
      }
      markDrawn();
    };
    drawRef.current();
  }, [current, xTitle, canvasRef, propsRef, markDrawn]);
  useEffect(() => {
    // A new state on a chart already drawn (or with nothing to draw) is told at once; a chart
    // waiting for its size says so once drawn.
    if (chartRef.current || !withData) markDrawn();
  }, [state, withData, markDrawn]);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      // Reports the plot width so the caller can ask the server for ~a point per pixel.
      propsRef.current.onWidth?.(width);
      if (width === 0 || height === 0) return;
      const before = sizeRef.current;
      sizeRef.current = { width, height };
      const chart = chartRef.current;
      if (!chart) drawRef.current();
      else if (before?.width !== width || before.height !== height || chart.currentDevicePixelRatio !== window.devicePixelRatio) {
        // A browser zoom changes the device pixel ratio and the size in CSS pixels together.
        chart.options.devicePixelRatio = window.devicePixelRatio;
        chart.resize(width, height);
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [wrapRef, propsRef]);

  return chartRef;
}

function hasData({ datasets, layers }: DrawnProps): boolean {
  return datasets.length > 0 || layers.lines.length > 0 || layers.envelopes.length > 0;
}

/** What applyDrawn writes: a live chart, or the configuration a chart is created from. */
interface Drawable {
  data: { datasets: ChartDataset<"line">[] };
  options: ChartOptions<"line">;
}

/** Hands the latest data and settings to the chart (or its configuration, before it is created). */
function applyDrawn(chart: Drawable, drawn: DrawnProps, { xTitle, legendItems }: { xTitle: string; legendItems: number }): void {
  const { datasets, layers, xRange, yRange, logX, logY } = drawn;
  // While a new range loads, the points already here are drawn at it: the zoom shows at once,
  // the detail follows.
  chart.data.datasets = datasets as ChartDataset<"line">[];
  // Both scales were created as cartesian ones; the union type can't know that.
  const x = chart.options.scales?.x as
    { type: "linear" | "logarithmic"; min?: number; max?: number; suggestedMin?: number; suggestedMax?: number; title: { text: string } } | undefined;
  const y = chart.options.scales?.y as { type: "linear" | "logarithmic"; min?: number; max?: number; suggestedMin?: number; suggestedMax?: number } | undefined;
  const extent = layersExtent(layers, logY, xRange);
  if (x) {
    x.min = xRange?.min;
    x.max = xRange?.max;
    x.suggestedMin = extent.x.min;
    x.suggestedMax = extent.x.max;
    x.title.text = xTitle;
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
  if (legend) legend.display = drawn.legend && legendItems > 1;
  const tooltip = chart.options.plugins?.tooltip;
  if (tooltip) tooltip.enabled = drawn.tooltip;
}

/** A chart on the canvas, its configuration first completed by `prepare` (with the first data: one draw). */
function createChart(
  canvas: HTMLCanvasElement,
  ink: string,
  propsRef: RefObject<LineChartProps>,
  size: { width: number; height: number },
  { events }: { events: boolean },
  prepare: (config: Drawable) => void,
): Chart<"line"> {
  const grid = "rgba(128, 128, 128, 0.2)";
  const visible = (ds: AnyDataset) => !propsRef.current.isAuxiliary?.(ds);
  const config: ChartConfiguration<"line"> & Drawable = {
    type: "line",
    data: { datasets: [] },
    options: {
      animation: false,
      // Sized by the caller (see useLineChart), so never measured by Chart.js.
      responsive: false,
      maintainAspectRatio: false,
      devicePixelRatio: window.devicePixelRatio,
      parsing: false,
      normalized: true,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      // Without its legend and tooltip the chart needs no pointer events: hit-testing every
      // point of dozens of overlaid runs on each mouse move is what makes a drag stutter.
      ...(events ? {} : { events: [] }),
      scales: {
        x: {
          type: "linear",
          afterBuildTicks: thinLogTicks,
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
          title: { display: true, color: ink, text: propsRef.current.xTitle },
        },
        y: {
          type: "linear",
          afterBuildTicks: thinLogTicks,
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
          filter: (item) => visible(item.dataset),
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
  };
  prepare(config);
  // The size in CSS pixels, as attributes: Chart.js reads them instead of the canvas's used size.
  canvas.width = Math.floor(size.width);
  canvas.height = Math.floor(size.height);
  return new Chart(canvas, config);
}

/**
 * The ink was read for the screen theme; paper is white, so print in black (dark-theme ticks
 * would come out light grey) and restore afterwards. Returns the cleanup.
 */
function repaintForPrint(chart: Chart<"line">, ink: string): () => void {
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
  };
}
