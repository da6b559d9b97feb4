import type { RunAnalysisWire as RunAnalysisResponse } from "@/lib/schemas/analysis";
import type { ChartAnnotation } from "@/lib/charts/chart-types";
import { chartOverlay } from "./overlays";
import type { AxisPlan } from "@/lib/compare/axis-plan";

/**
 * One run's diagnosis on a compare chart, as the run page draws it (plateau bands, LR-drop lines),
 * with its events as dashed lines in their severity colour. The analysis speaks in steps, so the
 * marks exist only on step-based axes (step, or fraction of planned steps).
 */
export function diagnosisMarks(
  keys: readonly string[],
  plan: AxisPlan | null,
  analysis: RunAnalysisResponse | undefined,
  runKeys: readonly string[],
): ChartAnnotation[] {
  if (!analysis || !plan || plan.server !== "step") return [];
  const s = plan.scale;
  const toggles = { plateaus: true, lrDrops: true, events: true, replay: false };
  return keys.flatMap((key) => {
    const o = chartOverlay(key, { analysis, toggles, keys: runKeys, lrExtent: null });
    return [
      ...o.annotations.map((a): ChartAnnotation => (a.kind === "band" ? { ...a, from: a.from * s, to: a.to * s } : { ...a, at: a.at * s })),
      ...o.markers.map((m): ChartAnnotation => ({ kind: "line", at: m.x * s, color: m.color, dashed: true })),
    ];
  });
}
