/** ChartOverlay → Chart.js datasets drawn over one metric chart (markers with tooltips, the replayed LR). */
import { fromWire } from "@/lib/schemas/wire-number";
import type { WireSeries } from "@/lib/schemas/metrics";
import type { AnyDataset } from "@/lib/charts/chart-types";
import { REPLAY_COLOR, type ChartOverlay, type OverlayMarker } from "./overlays";

export interface OverlayDatasets {
  datasets: AnyDataset[];
  isOverlay: (ds: AnyDataset) => boolean;
}

const NONE: OverlayDatasets = { datasets: [], isOverlay: () => false };

/** The y of the chart's own line nearest to `x` (last finite value at or before it), so a marker sits on the curve. */
function yNear(series: WireSeries, x: number): number | null {
  let y: number | null = null;
  for (let i = 0; i < series.x.length; i++) {
    const v = fromWire(series.y[i]);
    if (series.x[i] > x && y !== null) break;
    if (Number.isFinite(v)) y = v;
  }
  return y;
}

/** Scatter points carry `value`: the wrapper's tooltip shows that text instead of the number. */
function markerPoints(markers: OverlayMarker[], series: WireSeries | undefined) {
  const points: { x: number; y: number; value: string }[] = [];
  const colors: string[] = [];
  for (const m of markers) {
    const y = m.y ?? (series ? yNear(series, m.x) : null);
    if (y === null) continue;
    points.push({ x: m.x, y, value: m.label });
    colors.push(m.color);
  }
  return { points, colors };
}

export function overlayDatasets(overlay: ChartOverlay | null | undefined, series: WireSeries | undefined): OverlayDatasets {
  if (!overlay) return NONE;
  const datasets: AnyDataset[] = [];
  if (overlay.replay) {
    datasets.push({
      label: "replayed LR",
      data: overlay.replay.line,
      borderColor: REPLAY_COLOR,
      backgroundColor: REPLAY_COLOR,
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
    });
    const drops = markerPoints(overlay.replay.drops, series).points;
    if (drops.length)
      datasets.push({
        type: "scatter",
        label: "replayed drops",
        data: drops,
        borderColor: REPLAY_COLOR,
        backgroundColor: REPLAY_COLOR,
        pointRadius: 5,
        pointStyle: "triangle",
        pointRotation: 180,
      });
  }
  const { points: events, colors } = markerPoints(overlay.markers, series);
  if (events.length) {
    datasets.push({
      type: "scatter",
      label: "events",
      data: events,
      borderColor: colors,
      backgroundColor: colors,
      pointRadius: 6,
      pointStyle: "rectRot",
      borderWidth: 1.5,
    });
  }
  const set = new WeakSet<object>(datasets);
  return { datasets, isOverlay: (ds) => set.has(ds) };
}
