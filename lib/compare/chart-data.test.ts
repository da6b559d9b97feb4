import { describe, expect, it } from "vitest";
import type { DecodedSeries } from "@/lib/metrics/series-binary";
import { buildChartData, csvColumns, sameDrawnRuns, serverSmoothing, smoothingFor, valuesAt, type ChartDataInput, type RunSeriesInput } from "./chart-data";

const f64 = (v: number[]) => Float64Array.from(v);
const wire = (x: number[], y: number[], count = x.length): DecodedSeries => {
  const downsampled = count > x.length;
  return { x: f64(x), y: f64(y), ...(downsampled ? { min: f64(y), max: f64(y) } : {}), count, downsampled };
};
const run = (id: string, series: Record<string, DecodedSeries>, scale = 1): RunSeriesInput => ({
  id,
  name: id,
  color: "#db1212",
  plan: { server: "step", scale },
  series,
});
const input = (runs: RunSeriesInput[], over: Partial<ChartDataInput> = {}): ChartDataInput => ({
  keys: ["mIoU"],
  runs,
  groups: null,
  smoothing: "none",
  strength: 0.6,
  band: "minmax",
  showRaw: true,
  highlight: null,
  ...over,
});

describe("smoothingFor", () => {
  it("passes the strength to TensorBoard's EMA as its weight", () => {
    expect(smoothingFor("ema", 0.6, 1)).toEqual({ kind: "ema", weight: 0.6 });
  });
  it("turns the strength into the EMA's half-life: in x units for the x-based kinds, in points for the running mean", () => {
    // w = 0.5 halves every point: half-life 1 point = 10 steps at one point per 10 steps.
    expect(smoothingFor("time-ema", 0.5, 10)).toEqual({ kind: "time-ema", halfLife: 10 });
    expect(smoothingFor("gaussian", 0.5, 10)).toEqual({ kind: "gaussian", sigma: 10 });
    expect(smoothingFor("running", 0.5, 10)).toEqual({ kind: "running", window: 3 });
    expect(smoothingFor("running", 0.9, 10)).toEqual({ kind: "running", window: 15 });
  });
});

describe("serverSmoothing", () => {
  it("asks the server for every kind it can smooth over all logged points", () => {
    expect(serverSmoothing("ema", 0.6, null)).toBe("ema:0.6");
    expect(serverSmoothing("ema", 1, null)).toBe("ema:0.999");
    // w = 0.5: half-life 1 point → a centred window of 3 logged points; 10 steps apart → 10 steps.
    expect(serverSmoothing("running", 0.5, null)).toBe("running:3");
    expect(serverSmoothing("gaussian", 0.5, 10)).toBe("gaussian:10");
    expect(serverSmoothing("time-ema", 0.5, 10)).toBe("time-ema:10");
  });
  it("leaves x-based kinds off step axes, and no smoothing, to the browser", () => {
    expect(serverSmoothing("gaussian", 0.5, null)).toBeNull();
    expect(serverSmoothing("time-ema", 0, 10)).toBeNull();
    expect(serverSmoothing("none", 0.5, 10)).toBeNull();
  });
});

describe("buildChartData", () => {
  const a = run("a", { mIoU: wire([0, 1, 2, 3], [0.1, 0.2, NaN, 0.4]) });
  const b = run("b", { mIoU: wire([0, 1, 2, 3], [0.3, 0.3, 0.3, 0.3]) });

  it("draws one line per run from its arrays, NaN as a gap plus a marker", () => {
    const d = buildChartData(input([a, b]));
    expect(d.layers.lines.map((l) => l.label)).toEqual(["a", "b"]);
    expect(Array.from(d.layers.lines[0].y)).toEqual([0.1, 0.2, NaN, 0.4]);
    expect(d.datasets.map((ds) => ds.label)).toEqual(["a (non-finite)"]);
    expect(d.datasets[0].data).toEqual([{ x: 2, y: 0.2, value: "NaN" }]);
  });

  it("keeps the raw line faint under the smoothed one, and can hide it", () => {
    const d = buildChartData(input([b], { smoothing: "ema" }));
    expect(d.layers.lines.map((l) => [l.label, l.auxiliary ?? false, l.width, l.color])).toEqual([
      ["b (raw)", true, 1, "rgba(219, 18, 18, 0.25)"],
      ["b", false, 2, "#db1212"],
    ]);
    const hidden = buildChartData(input([b], { smoothing: "ema", showRaw: false }));
    expect(hidden.layers.lines.map((l) => l.label)).toEqual(["b"]);
  });

  it("dashes the second key of a chart", () => {
    const two = run("t", { loss: wire([0, 1], [2, 1]), val_loss: wire([0, 1], [2.5, 1.5]) });
    const d = buildChartData(input([two], { keys: ["loss", "val_loss"] }));
    expect(d.layers.lines.map((l) => [l.label, l.dash])).toEqual([
      ["t · loss", undefined],
      ["t · val_loss", [6, 3]],
    ]);
  });

  it("draws one mean line per group with a band", () => {
    const d = buildChartData(input([a, b], { groups: [{ label: "g", color: "#1d98cc", runIds: ["a", "b"] }] }));
    const mean = d.lines[0];
    expect(mean.label).toBe("g (n=2)");
    // At x = 2 run a is NaN: the mean is b's value alone.
    expect(Array.from(mean.y)).toEqual([0.2, 0.25, 0.3, 0.35].map((v) => expect.closeTo(v, 12)));
    expect(d.datasets.filter((ds) => d.auxiliary.has(ds))).toHaveLength(2);
  });

  it("puts runs on the display axis through their plan's scale", () => {
    const d = buildChartData(input([run("f", { mIoU: wire([0, 300, 600], [0.1, 0.2, 0.3]) }, 1 / 600)]));
    expect(Array.from(d.lines[0].x)).toEqual([0, 0.5, 1]);
  });

  it("draws a downsampled run's min/max as an envelope, its smoothed line from the server's full-resolution smoothing", () => {
    const s = { ...wire([0, 100, 200], [0.2, 0.4, 0.3], 300), min: f64([0.1, 0.35, NaN]), max: f64([0.5, 0.9, NaN]), smoothed: f64([0.2, 0.3, 0.31]) };
    const d = buildChartData(input([run("a", { mIoU: s })], { smoothing: "ema" }));
    expect(d.layers.envelopes).toHaveLength(1);
    expect(Array.from(d.layers.envelopes[0].upper)).toEqual([0.5, 0.9, NaN]);
    // Its bars are measured against the line drawn over them (the smoothed one), to leave out those it covers.
    expect(Array.from(d.layers.envelopes[0].line ?? [])).toEqual([0.2, 0.3, 0.31]);
    expect(Array.from(buildChartData(input([run("a", { mIoU: s })])).layers.envelopes[0].line ?? [])).toEqual([0.2, 0.4, 0.3]);
    // The envelope stands in for the raw line: only the smoothed line is drawn.
    expect(d.layers.lines.map((l) => l.label)).toEqual(["a"]);
    expect(Array.from(d.layers.lines[0].y)).toEqual([0.2, 0.3, 0.31]);
    expect(Array.from(d.lines[0].y)).toEqual([0.2, 0.3, 0.31]);
    expect(buildChartData(input([run("a", { mIoU: s })], { smoothing: "ema", showRaw: false })).layers.envelopes).toHaveLength(0);
  });

  it("fades every run but the highlighted one", () => {
    const d = buildChartData(input([a, b], { highlight: "b" }));
    expect(d.layers.lines[0].color).toMatch(/^rgba\(.*0\.12\)$/);
    expect(d.layers.lines[1].color).toBe("#db1212");
  });
});

describe("valuesAt", () => {
  it("lists each line's nearest value, highest first, NaN last, skipping lines that end earlier", () => {
    const lines = [
      { owner: "a", label: "a", color: "", x: [0, 10], y: [1, 2] },
      { owner: "b", label: "b", color: "", x: [0, 10], y: [3, NaN] },
      { owner: "c", label: "c", color: "", x: [0, 4], y: [5, 5] },
    ];
    expect(valuesAt(lines, 9).map((v) => [v.label, v.value])).toEqual([
      ["a", 2],
      ["b", NaN],
    ]);
  });
});

describe("csvColumns", () => {
  it("names columns run/key", () => {
    expect(csvColumns(["mIoU"], [run("a", { mIoU: wire([0], [1]) })]).map((c) => c.name)).toEqual(["a/mIoU"]);
  });
});

describe("sameDrawnRuns", () => {
  const lr = wire([0, 1], [1, 2]);
  const loss = wire([0, 1], [3, 4]);
  const base = [run("a", { lr, loss }), run("b", { lr })];

  it("holds for new run objects with the same names, colours, plans and series reads of the chart's keys", () => {
    // As when the compare answer arrives: its own run objects, new plan objects of the same axis.
    const again = base.map((r) => ({ ...r, plan: r.plan && { ...r.plan } }));
    expect(sameDrawnRuns(base, again, ["lr"])).toBe(true);
    // Another key's read arriving doesn't concern a chart of lr.
    const otherKey = [run("a", { lr, loss: wire([0, 1], [3, 4]) }), base[1]];
    expect(sameDrawnRuns(base, otherKey, ["lr"])).toBe(true);
    expect(sameDrawnRuns(base, otherKey, ["lr", "loss"])).toBe(false);
  });

  it("fails on anything the chart draws: a new read, a colour, a name, an axis scale, the runs or their order", () => {
    expect(sameDrawnRuns(base, [run("a", { lr: wire([0, 1], [1, 2]), loss }), base[1]], ["lr"])).toBe(false);
    expect(sameDrawnRuns(base, [{ ...base[0], color: "#000" }, base[1]], ["lr"])).toBe(false);
    expect(sameDrawnRuns(base, [{ ...base[0], name: "renamed" }, base[1]], ["lr"])).toBe(false);
    expect(sameDrawnRuns(base, [run("a", { lr, loss }, 0.5), base[1]], ["lr"])).toBe(false);
    expect(sameDrawnRuns(base, [{ ...base[0], plan: null }, base[1]], ["lr"])).toBe(false);
    expect(sameDrawnRuns(base, [base[1], base[0]], ["lr"])).toBe(false);
    expect(sameDrawnRuns(base, base.slice(0, 1), ["lr"])).toBe(false);
  });
});
