import { LinearScale, LogarithmicScale, type Chart } from "chart.js";
import { describe, expect, it } from "vitest";
import { newPixelBuffer, pixelMap, pixelsOf, type MappedScale } from "./pixel-map";

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

describe("pixelsOf", () => {
  it("maps every value as the map does, non-finite values and values off a log axis as NaN", () => {
    const map = pixelMap(scale("logarithmic", 1e-3, 10));
    const values = [1e-3, 0.5, NaN, Infinity, -Infinity, -1, 10];
    const px = pixelsOf(values, map, newPixelBuffer());
    expect(px.length).toBe(values.length);
    values.forEach((v, i) => (Number.isFinite(v) && v > 0 ? expect(px[i]).toBe(map(v)) : expect(px[i]).toBeNaN()));
  });

  it("reuses its buffer: a shorter line's view holds only its own pixels", () => {
    const map = pixelMap(scale("linear", 0, 10));
    const into = newPixelBuffer();
    const long = pixelsOf([1, 2, 3, 4], map, into);
    const buffer = into.buffer;
    const short = pixelsOf([5], map, into);
    expect(into.buffer).toBe(buffer);
    expect(short.length).toBe(1);
    expect(short[0]).toBe(map(5));
    expect(long.buffer).toBe(short.buffer);
  });
});
