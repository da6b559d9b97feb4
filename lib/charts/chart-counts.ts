import type { AnyDataset, ChartAnnotation } from "./chart-types";
import type { ArrayLayers } from "./layers";

export interface ChartCountsInput {
  datasets: readonly AnyDataset[];
  layers: ArrayLayers;
  annotations: readonly ChartAnnotation[];
  /** Drawn but neither a series nor an overlay (a min/max band, a faint raw line). */
  isAuxiliary: (dataset: AnyDataset) => boolean;
  /** Annotates the data (event markers, a replayed LR): counted as overlays, not series. */
  isOverlay: (dataset: AnyDataset) => boolean;
}

/**
 * What a chart shows, counted: its series and their points, and its overlay items (each band or
 * line annotation, each marker of a scatter overlay, one per overlay line). Exposed on the chart
 * (data-series, data-points, data-overlays) for tests and benchmarks to wait on.
 */
export function chartCounts({ datasets, layers, annotations, isAuxiliary, isOverlay }: ChartCountsInput): { series: number; points: number; overlays: number } {
  const counted = datasets.filter((d) => !isAuxiliary(d) && !isOverlay(d));
  const lines = layers.lines.filter((l) => !l.auxiliary);
  return {
    series: counted.length + lines.length,
    points: counted.reduce((n, d) => n + d.data.length, 0) + lines.reduce((n, l) => n + l.x.length, 0),
    overlays: datasets.filter(isOverlay).reduce((n, d) => n + (d.type === "scatter" ? d.data.length : 1), annotations.length),
  };
}
