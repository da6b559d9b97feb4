import type { Plugin } from "chart.js";
import { envelopeBars, newBarsScratch } from "@/lib/charts/envelope-bars";
import type { ArrayLayers } from "@/lib/charts/layers";
import { hairlineOffsets } from "@/lib/charts/line-passes";
import { newPixelBuffer, pixelMap, pixelsOf } from "@/lib/charts/pixel-map";

/** Draws the layers (read from the latest props) under the datasets, clipped to the plot area (see lib/charts/layers.ts). */
export function arrayLayersPlugin(get: () => ArrayLayers): Plugin<"line"> {
  // The chart's bars, envelope after envelope, draw after draw, in one buffer.
  const scratch = newBarsScratch();
  // A line's pixels, line after line, draw after draw.
  const xPixels = newPixelBuffer();
  const yPixels = newPixelBuffer();
  return {
    id: "annealArrayLayers",
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales } = chart;
      const { envelopes, lines } = get();
      if (!scales.x || !scales.y || !area || envelopes.length + lines.length === 0) return;
      // One map per axis per draw, not a Chart.js call per point (see lib/charts/pixel-map.ts).
      const xs = pixelMap(scales.x);
      const ys = pixelMap(scales.y);
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      // One path and one stroke per series: a call per bucket or point is what costs.
      ctx.lineWidth = 1;
      for (const e of envelopes) {
        const bars = envelopeBars(e, xs, ys, scratch);
        if (bars.length === 0) continue;
        ctx.strokeStyle = e.color;
        ctx.beginPath();
        for (let i = 0; i < bars.length; i += 3) {
          ctx.moveTo(bars[i], bars[i + 1]);
          ctx.lineTo(bars[i], bars[i + 2]);
        }
        ctx.stroke();
      }
      // Bevel joins where a line is one ordinary stroke: cheaper than round, no miter spikes, the same at 2 px.
      ctx.lineJoin = "bevel";
      for (const l of lines) {
        const passes = hairlineOffsets(l.width, chart.currentDevicePixelRatio);
        ctx.strokeStyle = l.color;
        ctx.lineWidth = passes ? 1 : l.width;
        ctx.setLineDash(l.dash ?? []);
        // Each point mapped once, drawn at every pass's offset; one path, so the passes' coverage joins, as one stroke's would.
        const px = pixelsOf(l.x, xs, xPixels);
        const py = pixelsOf(l.y, ys, yPixels);
        ctx.beginPath();
        for (const dy of passes ?? [0]) {
          let pen = false;
          for (let i = 0; i < px.length; i++) {
            const y = py[i];
            if (!Number.isFinite(y)) {
              pen = false;
              continue;
            }
            if (pen) ctx.lineTo(px[i], y + dy);
            else ctx.moveTo(px[i], y + dy);
            pen = true;
          }
        }
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}
