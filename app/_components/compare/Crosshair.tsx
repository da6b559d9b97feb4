"use client";

import { Chart } from "chart.js";
import { valuesAt, type HoverLine } from "@/lib/compare/chart-data";
import { useHover, type HoverStore } from "./hover-store";

const MAX_LISTED = 12;

export interface Overlay {
  /** The chart's canvas, whose Chart.js instance maps x values to pixels. */
  canvas: HTMLCanvasElement;
  chart: Chart;
  /** Canvas offset inside the positioned wrapper. */
  left: number;
  top: number;
}

/** The Chart.js instance behind a wrapper element, and where its canvas sits inside it. */
export function overlayOf(wrap: HTMLElement | null): Overlay | null {
  const canvas = wrap?.querySelector("canvas");
  const chart = canvas ? Chart.getChart(canvas) : undefined;
  if (!wrap || !canvas || !chart) return null;
  const a = wrap.getBoundingClientRect();
  const b = canvas.getBoundingClientRect();
  return { canvas, chart, left: b.left - a.left, top: b.top - a.top };
}

interface Props {
  store: HoverStore;
  chartId: string;
  /** The chart's positioned wrapper (state in the parent, so reading it here is a prop, not a ref). */
  wrap: HTMLDivElement | null;
  lines: readonly HoverLine[];
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  xTitle: string;
  /** A point marked from the summary table, in display x units. */
  markX: number | null;
}

/**
 * The synchronised crosshair: a vertical line at the hovered x on every chart, and on the chart
 * under the pointer the value of every line at that x, sorted, in the run's colour. Drawn as HTML
 * over the canvas so a pointer move never makes Chart.js redraw.
 */
export function Crosshair({ store, chartId, wrap, lines, formatX, formatY, xTitle, markX }: Props) {
  const hover = useHover(store);
  // Nothing to draw: no read of the layout either (it forces one mid-render; a live chart renders several times a second).
  if (!hover && markX === null) return null;
  const o = overlayOf(wrap);
  if (!o) return null;
  const { left, right, top, bottom } = o.chart.chartArea;
  const px = (x: number) => o.left + o.chart.scales.x.getPixelForValue(x);
  const inside = (p: number) => p >= o.left + left - 0.5 && p <= o.left + right + 0.5;
  const lineStyle = { top: o.top + top, height: bottom - top };
  const hx = hover ? px(hover.x) : NaN;
  const mx = markX !== null ? px(markX) : NaN;
  const values = hover && hover.chartId === chartId ? valuesAt(lines, hover.x) : [];
  const flip = hx > o.left + (left + right) / 2;

  return (
    <>
      {inside(mx) && (
        <div
          aria-hidden
          data-testid="chart-mark"
          className="pointer-events-none absolute w-0 border-l-2 border-dashed border-amber-500"
          style={{ ...lineStyle, left: mx }}
        />
      )}
      {inside(hx) && <div aria-hidden className="pointer-events-none absolute w-px bg-slate-500/70" style={{ ...lineStyle, left: hx }} />}
      {inside(hx) && values.length > 0 && (
        <div
          data-testid="crosshair-tooltip"
          className="pointer-events-none absolute z-10 max-w-xs rounded-md border border-slate-200 bg-white/95 px-2 py-1 text-xs shadow-md dark:border-slate-700 dark:bg-slate-900/95"
          style={{ top: o.top + top + 4, ...(flip ? { right: `calc(100% - ${hx - 10}px)` } : { left: hx + 10 }) }}
        >
          <div className="mb-0.5 font-medium">
            {xTitle} {formatX(hover!.x)}
          </div>
          <ul>
            {values.slice(0, MAX_LISTED).map((v) => (
              <li key={v.label} className="flex items-center gap-1.5 whitespace-nowrap">
                <span aria-hidden className="inline-block size-2 shrink-0 rounded-full" style={{ background: v.color }} />
                <span className="truncate">{v.label}</span>
                <span className="ml-auto pl-2 font-mono tabular-nums">{formatY(v.value)}</span>
              </li>
            ))}
            {values.length > MAX_LISTED && <li className="text-slate-500">+{values.length - MAX_LISTED} more</li>}
          </ul>
        </div>
      )}
    </>
  );
}
