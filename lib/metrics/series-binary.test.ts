import { describe, expect, it } from "vitest";
import { decodeSeriesBatch, encodeSeriesBatch, envelopeShows } from "./series-binary";

describe("binary series batch", () => {
  it("round-trips every field, NaN and ±Inf included, and a run's error", async () => {
    const bytes = await encodeSeriesBatch({
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
          loss: {
            x: [1, 2],
            y: [0.5, 0.25],
            smoothed: [0.5, 0.3571428571428571],
            ema: { weight: 0.6, last: 0.26, debias: 0.64, level: null },
            count: 2,
            downsampled: false,
          },
          grad: {
            x: [1, 2],
            y: [0.1 + 0.2, 0.1 + 0.2],
            smoothed: [0.1 + 0.2, 0.1 + 0.2],
            ema: { weight: 0.6, last: 0.192, debias: 0.64, level: 0.1 + 0.2 },
            count: 2,
            downsampled: false,
          },
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
    // Downsampled series travel as float32: exact for these, 7 significant digits in general.
    expect([...a.lr.y]).toEqual([Math.fround(1e-3), NaN, Infinity]);
    expect([...a.lr.min!]).toEqual([Math.fround(1e-3), NaN, 5]);
    expect([...a.lr.max!]).toEqual([Math.fround(2e-3), NaN, 7]);
    expect([...a.lr.smoothed!]).toEqual([Math.fround(1e-3), NaN, -Infinity]);
    expect(a.lr).toMatchObject({ count: 300, downsampled: true });
    // Full resolution travels as float64, exactly.
    expect([...a.loss.y]).toEqual([0.5, 0.25]);
    expect(a.loss.min).toBeUndefined();
    expect(a.loss).toMatchObject({ count: 2, downsampled: false, ema: { weight: 0.6, last: 0.26, debias: 0.64, level: null } });
    // The EMA state a live chart continues the line from, to the last bit.
    expect(a.grad).toMatchObject({ ema: { weight: 0.6, last: 0.192, debias: 0.64, level: 0.1 + 0.2 } });
    expect(a.lr).not.toHaveProperty("ema.weight");
    expect(decoded.runs.b).toEqual({ error: { code: "invalid_argument", message: "no epochs" } });
  });

  it("sends an x array once, however many series share it (or start with it)", async () => {
    const x = Array.from({ length: 1500 }, (_, i) => i * 667);
    const series = (k: number, n = x.length) => ({ x: x.slice(0, n), y: x.slice(0, n).map((v) => Math.sin(v + k)), count: n * 667, downsampled: true });
    const runs = Object.fromEntries(Array.from({ length: 20 }, (_, r) => [`r${r}`, { a: series(r), b: series(-r, r === 3 ? 700 : x.length) }]));
    const bytes = await encodeSeriesBatch({ x: "step", runs });
    // 40 float32 y arrays and one float64 x, plus small headers.
    expect(bytes.length).toBeLessThan(40 * 1500 * 4 + 1500 * 8 + 40 * 200);
    const decoded = decodeSeriesBatch(bytes.slice().buffer);
    const r3 = decoded.runs.r3 as Record<string, { x: Float64Array; y: Float64Array }>;
    expect([...r3.b.x]).toEqual(x.slice(0, 700));
    expect(r3.b.y[699]).toBeCloseTo(Math.sin(x[699] - 3), 6);
  });

  it("leaves out min/max where no bucket's envelope would show beside the line, on a linear or a log axis", () => {
    const ramp = Array.from({ length: 100 }, (_, i) => 1e-3 * (1 - i / 100));
    // A linear decay: each bucket spans 1% of the range, all of it between its neighbours' means.
    expect(
      envelopeShows(
        ramp,
        ramp.map((v) => v - 5e-6),
        ramp.map((v) => v + 5e-6),
      ),
    ).toBe(false);
    // A step schedule: the bucket at the drop spans the drop, which the line draws anyway.
    const stepped = ramp.map((_, i) => (i < 50 ? 1e-3 : 1e-4));
    expect(
      envelopeShows(
        stepped,
        stepped.map((v, i) => (i === 50 ? 1e-4 : v)),
        stepped.map((v, i) => (i === 50 ? 1e-3 : v)),
      ),
    ).toBe(false);
    // A spike in one bucket shows.
    expect(
      envelopeShows(
        ramp,
        ramp,
        ramp.map((v, i) => (i === 50 ? v * 1.5 : v)),
      ),
    ).toBe(true);
    // A 3% dip at the bottom of a log axis shows there, though it is nothing on a linear one.
    const tail = ramp.map((_, i) => (i < 50 ? 1 : 1e-5));
    expect(
      envelopeShows(
        tail,
        tail.map((v, i) => (i === 90 ? v * 0.97 : v)),
        tail,
      ),
    ).toBe(true);
    expect(
      envelopeShows(
        tail,
        tail.map((v, i) => (i === 90 ? v * 0.9999 : v)),
        tail,
      ),
    ).toBe(false);
  });
});
