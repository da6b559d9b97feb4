"use client";

import type { Chart } from "chart.js";
import { useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent, type RefObject } from "react";
import type { XRange } from "@/lib/charts/chart-types";
import { dragRange, keyboardZoom } from "@/lib/charts/zoom";

/** A drag shorter than this is a click, not a zoom. */
const MIN_DRAG_PX = 5;

export interface ChartZoom {
  /** Canvas handlers: drag across the plot to zoom, double-click to reset, keys when focused. */
  handlers: {
    onPointerDown: (e: ReactPointerEvent<HTMLCanvasElement>) => void;
    onPointerMove: (e: ReactPointerEvent<HTMLCanvasElement>) => void;
    onPointerUp: () => void;
    onPointerCancel: () => void;
    onDoubleClick: () => void;
    onKeyDown: (e: ReactKeyboardEvent<HTMLCanvasElement>) => void;
  };
  /** The selection being dragged, in canvas pixels, or null. */
  selection: { top: number; height: number; left: number; width: number } | null;
}

/**
 * Drag and keyboard zoom of a chart's x axis. The range is the caller's (controlled): this hook
 * only turns gestures into `onZoom(range)` calls, null meaning "show everything".
 */
export function useChartZoom(
  chartRef: RefObject<Chart<"line"> | null>,
  canvasRef: RefObject<HTMLCanvasElement | null>,
  { enabled, zoomed, onZoom }: { enabled: boolean; zoomed: boolean; onZoom: (range: XRange | null) => void },
): ChartZoom {
  // Values and their pixels, both read from the chart in the event handlers (never during render).
  const [drag, setDrag] = useState<Drag | null>(null);

  /** Pointer → x value and pixel, clamped to the plot area. */
  const pointAt = (clientX: number): { value: number; px: number; top: number; bottom: number } | null => {
    const chart = chartRef.current;
    const canvas = canvasRef.current;
    if (!chart || !canvas) return null;
    const { left, right, top, bottom } = chart.chartArea;
    const px = Math.min(right, Math.max(left, clientX - canvas.getBoundingClientRect().left));
    const value = chart.scales.x.getValueForPixel(px);
    return value === undefined ? null : { value, px, top, bottom };
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLCanvasElement>) => {
    const x = chartRef.current?.scales.x;
    if (!x || !enabled || e.altKey || e.ctrlKey || e.metaKey) return;
    const next = keyboardZoom(e.key, { min: x.min, max: x.max });
    if (next === undefined) return;
    e.preventDefault();
    if (next === null && !zoomed) return;
    onZoom(next);
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0 || !enabled) return;
    const p = pointAt(e.clientX);
    if (!p) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ from: p.value, to: p.value, fromPx: p.px, toPx: p.px, top: p.top, bottom: p.bottom });
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!drag) return;
    const p = pointAt(e.clientX);
    if (p) setDrag({ ...drag, to: p.value, toPx: p.px });
  };
  const onPointerUp = () => {
    if (!drag) return;
    setDrag(null);
    if (Math.abs(drag.toPx - drag.fromPx) < MIN_DRAG_PX) return;
    onZoom(dragRange(drag.from, drag.to));
  };

  return {
    handlers: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: () => setDrag(null), onDoubleClick: () => onZoom(null), onKeyDown },
    selection: drag
      ? { top: drag.top, height: drag.bottom - drag.top, left: Math.min(drag.fromPx, drag.toPx), width: Math.abs(drag.toPx - drag.fromPx) }
      : null,
  };
}

interface Drag {
  from: number;
  to: number;
  fromPx: number;
  toPx: number;
  /** The plot area's vertical extent when the drag started. */
  top: number;
  bottom: number;
}
