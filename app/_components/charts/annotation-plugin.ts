import type { Chart, Plugin } from "chart.js";
import type { ChartAnnotation } from "@/lib/charts/chart-types";

/** Draws annotations (read from the latest props): bands under the datasets, lines over them. */
export function annotationPlugin(get: () => readonly ChartAnnotation[]): Plugin<"line"> {
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
