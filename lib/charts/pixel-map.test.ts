import { LinearScale, LogarithmicScale, type Chart } from "chart.js";
import { describe, expect, it } from "vitest";
import { pixelMap, type MappedScale } from "./pixel-map";

/** A Chart.js scale laid out over 500 px without a canvas: the reference the map must agree with. */
function scale(type: "linear" | "logarithmic", min: number, max: number, reverse = false): MappedScale {
  const cfg = { id: "y", type, ctx: {} as CanvasRenderingContext2D, chart: {} as Chart };
  const s = type === "linear" ? new LinearScale(cfg) : new LogarithmicScale(cfg);
  Object.assign(s, { options: { reverse, position: "left", alignToPixels: false, offset: false }, ticks: [], min, max, top: 10, bottom: 510 });
  s.configure();
  return s;
}

describe("pixelMap", () => {
  it("agrees with a linear scale's getPixelForValue, off the axis too", () => {
    const s = scale("linear", -2, 3);
    const map = pixelMap(s);
    for (const v of [-2, -1.5, 0, 0.1, 2.9, 3, 7, -40]) expect(map(v)).toBeCloseTo(s.getPixelForValue(v), 6);
  });

  it("agrees with a log scale's, with 0 at the minimum and negatives not drawn", () => {
    const s = scale("logarithmic", 1e-7, 5e-3);
    const map = pixelMap(s);
    for (const v of [1e-7, 3e-6, 1e-4, 5e-3, 1e-9, 0]) expect(map(v)).toBeCloseTo(s.getPixelForValue(v), 6);
    expect(map(-1)).toBeNaN();
    expect(s.getPixelForValue(-1)).toBeNaN();
  });

  it("follows a reversed axis and clamps far-off values as Chart.js does", () => {
    const s = scale("linear", 0, 1, true);
    const map = pixelMap(s);
    for (const v of [0, 0.25, 1]) expect(map(v)).toBeCloseTo(s.getPixelForValue(v), 6);
    expect(map(1e12)).toBe(s.getPixelForValue(1e12));
    expect(map(-1e12)).toBe(s.getPixelForValue(-1e12));
  });
});
