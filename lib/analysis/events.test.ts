import { describe, expect, it } from "vitest";
import { detectEvents } from "./events";
import { loadRealRun, realRunNames } from "./testing/realtrain";
import type { RunInput, Series } from "./types";

function eventsOf(input: RunInput) {
  const { lr, ...rest } = input.series;
  return detectEvents({ loss: rest.loss, all: rest, valLoss: rest.val_loss, metric: rest.mIoU, metricKey: "mIoU", metricMode: "max", lr });
}

const series = (values: number[]): Series => ({ steps: values.map((_, i) => i), values });
function noise(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
}

describe("events on the real runs", () => {
  it("flags the NaN run at its first NaN step", () => {
    const run = loadRealRun("sgd-80-const-nan");
    const nan = eventsOf(run.input).find((e) => e.type === "nan" && e.detail.key === "loss");
    expect(nan).toMatchObject({ step: run.firstNonFiniteLossStep, severity: "error", detail: { value: "NaN" } });
    expect(run.firstNonFiniteLossStep).toBe(44);
  });

  it("flags the blow-up of the LR-3 run", () => {
    const ev = eventsOf(loadRealRun("sgd-3-const-diverge").input);
    expect(ev.some((e) => e.type === "divergence" && e.severity === "error")).toBe(true);
  });

  it("flags the too-low LR as a loss that barely moves", () => {
    const ev = eventsOf(loadRealRun("sgd-1e-5-const-too-low").input);
    const st = ev.find((e) => e.type === "stagnation");
    expect(st).toBeDefined();
    expect(Math.abs(st!.detail.relativeDecrease as number)).toBeLessThan(0.1);
  });

  it("stays quiet on healthy runs (no warning or error)", () => {
    for (const name of realRunNames().filter((n) => /cosine|poly|step|exp|plateau|onecycle/.test(n))) {
      const bad = eventsOf(loadRealRun(name).input).filter((e) => e.severity !== "info");
      expect(bad, name).toEqual([]);
    }
  });

  it("marks the LR drops of a step schedule", () => {
    const drops = eventsOf(loadRealRun("sgd-1e-2-step10").input).filter((e) => e.type === "lr_drop");
    expect(drops.map((e) => e.step)).toEqual([200, 400]);
  });
});

describe("events on synthetic curves", () => {
  const rnd = noise(3);
  const decaying = (n: number, scale: number) => Array.from({ length: n }, (_, i) => scale * (1 + Math.exp(-i / 300) + 0.05 * rnd()));

  it("finds a spike whatever the scale of the loss (scale-free)", () => {
    for (const scale of [1e-3, 1, 1e4]) {
      const v = decaying(1000, scale);
      v[500] *= 3;
      const spikes = detectEvents({ loss: series(v) }).filter((e) => e.type === "spike");
      expect(spikes.map((e) => e.step)).toEqual([500]);
      expect(spikes[0].detail.ratio as number).toBeGreaterThan(2.5);
    }
  });

  it("finds no spike in plain noise", () => {
    expect(detectEvents({ loss: series(decaying(1000, 1)) }).filter((e) => e.type !== "lr_drop")).toEqual([]);
  });

  it("finds a sustained increase", () => {
    const v = decaying(1000, 1).map((x, i) => (i > 600 ? x * (1 + (i - 600) / 100) : x));
    const d = detectEvents({ loss: series(v) }).find((e) => e.type === "divergence");
    expect(d).toBeDefined();
    expect(d!.step).toBeGreaterThan(600);
    expect(d!.step).toBeLessThan(700);
  });

  it("finds oscillation without progress", () => {
    const v = Array.from({ length: 400 }, (_, i) => 1 + (i % 2 ? 0.8 : -0.5) * (0.5 + Math.abs(rnd())));
    expect(detectEvents({ loss: series(v) }).some((e) => e.type === "oscillation")).toBe(true);
  });

  it("finds overfitting: val loss rising while the train loss falls", () => {
    const loss = series(Array.from({ length: 1000 }, (_, i) => 2 * Math.exp(-i / 200) + 0.1));
    const vs = Array.from({ length: 20 }, (_, k) => (k + 1) * 50);
    const valLoss = { steps: vs, values: vs.map((s) => (s < 400 ? 1 - s / 800 : 0.5 + (s - 400) / 1000)) };
    const o = detectEvents({ loss, valLoss }).find((e) => e.type === "overfitting");
    expect(o).toMatchObject({ step: 400, detail: { on: "val_loss" } });
  });

  it("reports Infinity in a metric", () => {
    const m = { steps: [0, 10, 20], values: [0.1, Infinity, 0.2] };
    expect(detectEvents({ all: { mIoU: m } })).toEqual([{ type: "nan", step: 10, severity: "error", detail: { key: "mIoU", value: "Infinity", count: 1 } }]);
  });
});
