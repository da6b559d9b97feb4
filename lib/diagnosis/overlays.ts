/** Analysis → what each run-page chart draws on top of its data. Pure: no React, no Chart.js. */
import { fromWire } from "@/lib/schemas/wire-number";
import type { AnalysisEventWire as AnalysisEvent, RunAnalysisWire as RunAnalysisResponse } from "@/lib/schemas/analysis";
import type { ChartAnnotation } from "@/lib/charts/chart-types";
import { formatInt, formatLr, formatMetric } from "@/lib/format/format-values";
import { formatRecord } from "./format-evidence";

export type OverlayKind = "plateaus" | "lrDrops" | "events" | "replay";
export type OverlayToggles = Record<OverlayKind, boolean>;
export const OVERLAY_KINDS: { kind: OverlayKind; label: string; testId: string }[] = [
  { kind: "plateaus", label: "plateaus", testId: "overlay-plateaus" },
  { kind: "lrDrops", label: "LR drops", testId: "overlay-lr-drops" },
  { kind: "events", label: "events", testId: "overlay-events" },
  { kind: "replay", label: "replay", testId: "overlay-replay" },
];
export const ALL_OVERLAYS_ON: OverlayToggles = { plateaus: true, lrDrops: true, events: true, replay: true };

/** A marker at x; without `y` it sits on the chart's own line at that x. */
export interface OverlayMarker {
  x: number;
  y?: number;
  label: string;
  color: string;
}

export interface ChartOverlay {
  annotations: ChartAnnotation[];
  /** Event markers (tooltip = label). */
  markers: OverlayMarker[];
  /** The replayed LR as a step line plus a marker where each reduction would have happened. */
  replay: { line: { x: number; y: number }[]; drops: OverlayMarker[] } | null;
}

// Amber bands read as "stalled" on both themes; the alpha keeps the line beneath visible.
const PLATEAU_BAND = "rgba(245, 158, 11, 0.18)";
const LR_DROP_LINE = "rgba(100, 116, 139, 0.8)";
export const REPLAY_COLOR = "#9333ea";
export const SEVERITY_COLOR = { error: "#dc2626", warning: "#d97706", info: "#0284c7" } as const;

const TRAIN_LOSS = /loss/i;
const NOT_TRAIN = /val|test|eval/i;

/** The train-loss key among the run's metrics: where loss events (spikes, divergence…) are drawn. */
export function trainLossKey(keys: readonly string[]): string | undefined {
  return keys.find((k) => k === "loss") ?? keys.find((k) => TRAIN_LOSS.test(k) && !NOT_TRAIN.test(k));
}

/** "spike at step 1,200 — loss 14.9, baseline 1.2" */
export function describeEvent(e: AnalysisEvent): string {
  const numbers = formatRecord(e.detail, ["key"]);
  const key = typeof e.detail.key === "string" ? ` in ${e.detail.key}` : "";
  return `${e.type}${key} at step ${formatInt(fromWire(e.step))} (${e.severity})${numbers ? ` — ${numbers}` : ""}`;
}

/** Which chart an event belongs on: its own key (NaN), the train loss, or the main metric for overfitting. */
function eventChart(e: AnalysisEvent, lossKey: string | undefined, metric: string): string | undefined {
  if (e.type === "lr_drop") return undefined;
  if (typeof e.detail.key === "string") return e.detail.key;
  if (e.type === "overfitting") return metric;
  return lossKey;
}

export interface OverlayContext {
  analysis: RunAnalysisResponse;
  toggles: OverlayToggles;
  /** All metric keys of the run (to find the train loss). */
  keys: readonly string[];
  /** Step range of the LR series, to draw the replayed LR across the whole run. */
  lrExtent: { min: number; max: number } | null;
}

/**
 * Overlays for one chart on the step axis. Plateau bands go on the main-metric and LR charts,
 * LR-drop lines and the replay on the LR chart, events on the chart of the series they concern.
 */
export function chartOverlay(key: string, ctx: OverlayContext): ChartOverlay {
  const { analysis: a, toggles } = ctx;
  const isLr = key === a.schedule.lrKey;
  const isMetric = key === a.metric;
  const annotations: ChartAnnotation[] = [];
  if (toggles.plateaus && (isLr || isMetric)) {
    for (const p of a.plateaus) annotations.push({ kind: "band", from: fromWire(p.start), to: fromWire(p.end), color: PLATEAU_BAND });
  }
  if (toggles.lrDrops && isLr) {
    for (const e of a.events) if (e.type === "lr_drop") annotations.push({ kind: "line", at: fromWire(e.step), color: LR_DROP_LINE });
  }
  const lossKey = trainLossKey(ctx.keys);
  const markers: OverlayMarker[] = toggles.events
    ? a.events
        .filter((e) => eventChart(e, lossKey, a.metric) === key)
        .map((e) => ({ x: fromWire(e.step), label: describeEvent(e), color: SEVERITY_COLOR[e.severity] }))
    : [];
  // No replayed LR on an LR range test: its LR sweeps up on purpose.
  const replay = toggles.replay && isLr && !a.lrFinder ? replayLine(a, ctx.lrExtent) : null;
  return { annotations, markers, replay };
}

/** The LR PyTorch's ReduceLROnPlateau would have set, as a step line from the replayed reductions. */
export function replayLine(a: RunAnalysisResponse, extent: { min: number; max: number } | null): ChartOverlay["replay"] {
  const reductions = a.plateauReplay.reductions;
  const baseLr = a.schedule.params.baseLr;
  const start = reductions.length > 0 ? fromWire(reductions[0].fromLr) : typeof baseLr === "number" || typeof baseLr === "string" ? fromWire(baseLr) : NaN;
  if (!Number.isFinite(start) || !extent) return null;
  const line = [{ x: extent.min, y: start }];
  const drops: OverlayMarker[] = [];
  for (const r of reductions) {
    const x = fromWire(r.step);
    const from = fromWire(r.fromLr);
    const to = fromWire(r.toLr);
    line.push({ x, y: from }, { x, y: to });
    const epoch = r.epoch === null ? "" : `, epoch ${formatMetric(r.epoch)}`;
    drops.push({ x, y: to, label: `replay: LR ${formatLr(from)} → ${formatLr(to)} at step ${formatInt(x)}${epoch}`, color: REPLAY_COLOR });
  }
  line.push({ x: Math.max(extent.max, line[line.length - 1].x), y: line[line.length - 1].y });
  return { line, drops };
}
