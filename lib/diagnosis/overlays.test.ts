import { describe, expect, it } from "vitest";
import type { RunAnalysisWire } from "@/lib/schemas/analysis";
import { ALL_OVERLAYS_ON, chartOverlay, describeEvent, replayLine, trainLossKey, type OverlayContext } from "./overlays";
import { overlayDatasets } from "./overlay-datasets";
import { diagnosisMarks } from "./diagnosis-marks";

/** A run whose mIoU stalled between steps 400 and 700, with an LR drop at 700 and a loss spike at 300. */
function analysis(extra: Partial<RunAnalysisWire> = {}): RunAnalysisWire {
  return {
    runId: "r1",
    metric: "mIoU",
    mode: "max",
    schedule: { type: "step", params: { baseLr: 0.1 }, fitError: 0, warmup: null, segments: [], stepping: "iteration", label: "step", lrKey: "lr" },
    plateaus: [{ start: 400, end: 700, metric: "mIoU", bestBefore: 0.5, gainInside: 0, stepsStalled: 300, ongoing: false }],
    plateauReplay: {
      reductions: [{ evaluation: 5, epoch: null, step: 500, fromLr: 0.1, toLr: 0.01 }],
      params: { mode: "max", factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: "rel", cooldown: 0, minLr: 0, eps: 1e-8 },
    },
    events: [
      { type: "lr_drop", step: 700, severity: "info", detail: {} },
      { type: "spike", step: 300, severity: "warning", detail: { value: 14.9 } },
      { type: "nan", step: 900, severity: "error", detail: { key: "val_loss" } },
    ],
    advice: [],
    ...extra,
  };
}

const ctx = (a: RunAnalysisWire, toggles = ALL_OVERLAYS_ON): OverlayContext => ({
  analysis: a,
  toggles,
  keys: ["mIoU", "lr", "val_loss", "train/loss"],
  lrExtent: { min: 0, max: 1000 },
});

describe("chartOverlay", () => {
  it("puts plateau bands on the metric and LR charts, LR drops and the replay on the LR chart", () => {
    const lr = chartOverlay("lr", ctx(analysis()));
    expect(lr.annotations).toEqual([
      { kind: "band", from: 400, to: 700, color: expect.any(String) },
      { kind: "line", at: 700, color: expect.any(String) },
    ]);
    expect(lr.replay?.line).toEqual([
      { x: 0, y: 0.1 },
      { x: 500, y: 0.1 },
      { x: 500, y: 0.01 },
      { x: 1000, y: 0.01 },
    ]);
    const metric = chartOverlay("mIoU", ctx(analysis()));
    expect(metric.annotations.map((a) => a.kind)).toEqual(["band"]);
    expect(metric.replay).toBeNull();
  });

  it("draws each event on the chart of its series: its own key, else the train loss", () => {
    expect(chartOverlay("train/loss", ctx(analysis())).markers.map((m) => m.x)).toEqual([300]);
    expect(chartOverlay("val_loss", ctx(analysis())).markers.map((m) => m.x)).toEqual([900]);
    expect(chartOverlay("mIoU", ctx(analysis())).markers).toEqual([]);
  });

  it("draws no replayed LR on an LR range test, whose LR sweeps up on purpose", () => {
    const finder = analysis({
      lrFinder: {
        suggestedLr: 1e-3,
        range: [1e-6, 1],
        method: "steepest",
        steepestLr: 1e-3,
        minLossLr: 1e-2,
        minLoss: 0.4,
        torchLrFinderLr: null,
        curve: { lr: [], loss: [] },
      },
    });
    expect(chartOverlay("lr", ctx(finder)).replay).toBeNull();
  });

  it("leaves out what is toggled off", () => {
    const off = chartOverlay("lr", ctx(analysis(), { plateaus: false, lrDrops: false, events: false, replay: false }));
    expect(off).toEqual({ annotations: [], markers: [], replay: null });
  });
});

describe("replayLine", () => {
  it("starts at the fitted base LR when nothing was reduced, and needs the LR's extent", () => {
    const none = analysis({ plateauReplay: { ...analysis().plateauReplay, reductions: [] } });
    expect(replayLine(none, { min: 10, max: 20 })?.line).toEqual([
      { x: 10, y: 0.1 },
      { x: 20, y: 0.1 },
    ]);
    expect(replayLine(none, null)).toBeNull();
  });
});

describe("helpers", () => {
  it("finds the train loss, not a validation loss", () => {
    expect(trainLossKey(["val_loss", "train/loss"])).toBe("train/loss");
    expect(trainLossKey(["val_loss", "loss"])).toBe("loss");
    expect(trainLossKey(["mIoU"])).toBeUndefined();
  });
  it("describes an event with its numbers", () => {
    expect(describeEvent({ type: "nan", step: 1200, severity: "error", detail: { key: "loss" } })).toBe("nan in loss at step 1,200 (error)");
  });
});

describe("overlayDatasets", () => {
  it("places a marker without y on the chart's last finite value at or before its x", () => {
    const overlay = { annotations: [], markers: [{ x: 25, label: "spike", color: "red" }], replay: null };
    const series = { x: [10, 20, 30], y: [1, "NaN" as const, 3], min: [], max: [], count: 3, downsampled: false };
    const { datasets, isOverlay } = overlayDatasets(overlay, series);
    expect(datasets).toHaveLength(1);
    expect(datasets[0].data).toEqual([{ x: 25, y: 1, value: "spike" }]);
    expect(isOverlay(datasets[0])).toBe(true);
    expect(isOverlay({ data: [] })).toBe(false);
  });
  it("draws nothing without an overlay", () => {
    expect(overlayDatasets(null, undefined).datasets).toEqual([]);
  });
});

describe("diagnosisMarks", () => {
  it("scales the run's marks to a step-based axis, events as dashed lines", () => {
    const marks = diagnosisMarks(["train/loss", "mIoU"], { server: "step", scale: 0.5 }, analysis(), ["train/loss", "mIoU"]);
    expect(marks).toEqual([
      { kind: "line", at: 150, color: expect.any(String), dashed: true },
      { kind: "band", from: 200, to: 350, color: expect.any(String) },
    ]);
  });
  it("marks nothing on an epoch or time axis", () => {
    expect(diagnosisMarks(["mIoU"], { server: "epoch", scale: 1 }, analysis(), ["mIoU"])).toEqual([]);
  });
});
