import { describe, expect, it } from "vitest";
import { batchRequests, stepSpacing, type LoggedRun } from "./series-requests";

const logged = (keys: Record<string, [count: number, stepMax: number]>): LoggedRun => ({
  metrics: Object.entries(keys).map(([key, [count, stepMax]]) => ({ key, count, stepMin: 0, stepMax })),
});
const step = { server: "step" as const, scale: 1 };
const base = {
  runs: ["a", "b"],
  charts: [["lr"], ["mIoU"]],
  plans: new Map([
    ["a", step],
    ["b", step],
  ]),
  details: new Map([
    ["a", logged({ lr: [1001, 1000], mIoU: [11, 1000] })],
    ["b", logged({ lr: [501, 1000] })],
  ]),
  zoom: null,
  maxPoints: 2000,
  smoothing: "none" as const,
  strength: 0.6,
};
const params = (url: string) => Object.fromEntries(new URL(url, "http://x").searchParams);

describe("series requests", () => {
  it("reads every run and key of the stack in one request on a shared axis", () => {
    const requests = batchRequests(base);
    expect(requests).toHaveLength(1);
    expect(requests[0].runs).toEqual(["a", "b"]);
    expect(params(requests[0].url)).toEqual({ runs: "a,b", x: "step", maxPoints: "2000", keys: "lr,mIoU", format: "binary" });
  });

  it("asks for the zoomed range in each run's own units", () => {
    const plans = new Map([
      ["a", { server: "step" as const, scale: 1 / 1000 }],
      ["b", { server: "step" as const, scale: 1 / 500 }],
    ]);
    const requests = batchRequests({ ...base, plans, zoom: { min: 0.5, max: 1 } });
    // Runs planned for different lengths need different step ranges: one request each.
    expect(requests.map((r) => [r.runs, params(r.url).from, params(r.url).to])).toEqual([
      [["a"], "500", "1000"],
      [["b"], "250", "500"],
    ]);
  });

  it("has the server smooth without waiting, the x-based kinds per chart's densest logging", () => {
    const ema = batchRequests({ ...base, smoothing: "ema" });
    expect(params(ema[0].url)).toMatchObject({ smooth: "ema:0.6", smoothWait: "false" });
    const gaussian = batchRequests({ ...base, smoothing: "gaussian", strength: 0.5 });
    // Half-life 1 point: 1 step on the LR chart (a logs every step), 100 steps on the mIoU chart.
    expect(gaussian.map((r) => [r.runs, params(r.url).smooth, params(r.url).keys])).toEqual([
      [["a", "b"], "gaussian:1", "lr"],
      [["a"], "gaussian:100", "mIoU"],
    ]);
  });

  it("leaves out runs without a plan for the axis or without the chart's keys", () => {
    const plans = new Map([
      ["a", null],
      ["b", step],
    ]);
    expect(batchRequests({ ...base, plans }).map((r) => r.runs)).toEqual([["b"]]);
    expect(batchRequests({ ...base, charts: [["aAcc"]] })).toEqual([]);
  });

  it("finds the densest logging of a chart's keys, or none", () => {
    expect(stepSpacing(["lr"], ["a", "b"], base.details)).toBe(1);
    expect(stepSpacing(["mIoU"], ["a", "b"], base.details)).toBe(100);
    expect(stepSpacing(["aAcc"], ["a", "b"], base.details)).toBeNull();
  });
});
