import { describe, expect, it } from "vitest";
import { decodeSeriesBatch, encodeSeriesBatch } from "./series-binary";

describe("binary series batch", () => {
  it("round-trips every field, NaN and ±Inf included, and a run's error", () => {
    const bytes = encodeSeriesBatch({
      x: "step",
      runs: {
        a: {
          lr: {
            x: [0, 10, 20],
            y: [1e-3, NaN, Infinity],
            min: [1e-3, NaN, 5],
            max: [2e-3, NaN, 7],
            smoothed: [1e-3, NaN, -Infinity],
            count: 300,
            downsampled: true,
          },
          loss: { x: [1, 2], y: [0.5, 0.25], count: 2, downsampled: false },
        },
        b: { error: { code: "invalid_argument", message: "no epochs" } },
      },
    });
    // The copy moves the data to an offset a real response body would not have.
    const decoded = decodeSeriesBatch(bytes.slice().buffer);
    expect(decoded.x).toBe("step");
    const a = decoded.runs.a as Record<
      string,
      { x: Float64Array; y: Float64Array; min?: Float64Array; max?: Float64Array; smoothed?: Float64Array; count: number; downsampled: boolean }
    >;
    expect([...a.lr.x]).toEqual([0, 10, 20]);
    expect([...a.lr.y]).toEqual([1e-3, NaN, Infinity]);
    expect([...a.lr.min!]).toEqual([1e-3, NaN, 5]);
    expect([...a.lr.max!]).toEqual([2e-3, NaN, 7]);
    expect([...a.lr.smoothed!]).toEqual([1e-3, NaN, -Infinity]);
    expect(a.lr).toMatchObject({ count: 300, downsampled: true });
    expect([...a.loss.y]).toEqual([0.5, 0.25]);
    expect(a.loss.min).toBeUndefined();
    expect(a.loss).toMatchObject({ count: 2, downsampled: false });
    expect(decoded.runs.b).toEqual({ error: { code: "invalid_argument", message: "no epochs" } });
  });

  it("is at most half the JSON's size", () => {
    const n = 3000;
    const x = Array.from({ length: n }, (_, i) => i * 333.37);
    const y = x.map((v) => Math.sin(v) / 3);
    const series = { x, y, min: y, max: y, count: n * 333, downsampled: true };
    const binary = encodeSeriesBatch({ x: "step", runs: { a: { k: series } } }).length;
    const json = JSON.stringify({ x: "step", runs: { a: { k: series } } }).length;
    expect(binary).toBeLessThan(json / 2);
  });
});
