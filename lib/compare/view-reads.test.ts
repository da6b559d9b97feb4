import { describe, expect, it } from "vitest";
import { parseState } from "./url-state";
import { chartPoints, DEFAULT_CHART_PX, readWidth, viewReads, type ViewRun } from "./view-reads";

const run = (stepMax: number): ViewRun => ({
  config: {},
  hasEpoch: false,
  hasTime: false,
  best: { metric: "mIoU" },
  metrics: ["lr", "loss", "mIoU"].map((key) => ({ key, count: stepMax + 1, stepMin: 0, stepMax })),
});
const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
const details = new Map(ids.map((id) => [id, run(999_999)]));
const state = parseState(new URLSearchParams({ runs: ids.join(",") }));
const urls = (widthPx: number) => viewReads(state, details, { widthPx, metricName: "mIoU" }).requests.map((r) => r.url);

describe("view reads", () => {
  it("asks for a bucket per pixel when many runs overlay, two for a few, in steps of 250 px", () => {
    expect(chartPoints(1222, 20)).toBe(1250);
    expect(chartPoints(1222, 3)).toBe(2500);
    expect(chartPoints(1251, 20)).toBe(1500);
    expect(chartPoints(0, 20)).toBe(0);
  });

  it("keeps reading at a width while the charts are no wider and at least half as wide", () => {
    expect(readWidth(0, 1222)).toBe(1222);
    expect(readWidth(1250, 1222)).toBe(1250);
    expect(readWidth(1250, 625)).toBe(1250);
    expect(readWidth(1250, 600)).toBe(600);
    expect(readWidth(1250, 1400)).toBe(1400);
  });

  it("makes, for a chart narrower than the server's guess, the very reads the server preloaded", () => {
    // The server preloads for DEFAULT_CHART_PX (no cookie yet); the browser then measures its chart.
    const preloaded = urls(DEFAULT_CHART_PX);
    expect(preloaded).toHaveLength(1);
    for (const measured of [1222, 1000, 700]) expect(urls(readWidth(DEFAULT_CHART_PX, measured))).toEqual(preloaded);
    // A chart wider than the guess reads more points: a new request.
    expect(urls(readWidth(DEFAULT_CHART_PX, 1600))).not.toEqual(preloaded);
  });
});
