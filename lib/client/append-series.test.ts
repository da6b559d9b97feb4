import { describe, expect, it } from "vitest";
import type { DecodedSeries } from "@/lib/metrics/series-binary";
import { appendDecoded, appendSeries, eventFit, eventSeries } from "./append-series";

const raw = (x: number[]) => ({ x, y: x.map((v) => v / 10), min: x.map((v) => v / 10), max: x.map((v) => v / 10), count: x.length, downsampled: false });

describe("appendSeries", () => {
  it("appends what comes after the last point", () => {
    expect(appendSeries(raw([0, 1, 2]), raw([3, 4]), 100)).toEqual(raw([0, 1, 2, 3, 4]));
  });

  it("drops points already shown, keeps the original when nothing is new", () => {
    const shown = raw([0, 1, 2]);
    expect(appendSeries(shown, raw([2, 3]), 100)).toEqual(raw([0, 1, 2, 3]));
    expect(appendSeries(shown, raw([1, 2]), 100)).toBe(shown);
  });

  it("gives up past the drawing budget (the chart re-reads downsampled)", () => {
    expect(appendSeries(raw([0, 1, 2]), raw([3, 4]), 4)).toBeNull();
  });

  it("keeps a downsampled chart's total point count right", () => {
    const shown = { ...raw([0, 100]), count: 200, downsampled: true };
    expect(appendSeries(shown, raw([200, 201]), 100)).toMatchObject({ count: 202, downsampled: true, x: [0, 100, 200, 201] });
  });
});

const f64 = (v: number[]) => Float64Array.from(v);
const decoded = (x: number[], extra: Partial<DecodedSeries> = {}): DecodedSeries => ({
  x: f64(x),
  y: f64(x.map((v) => v / 10)),
  count: x.length,
  downsampled: false,
  ...extra,
});
const plain = (s: DecodedSeries | null) =>
  s &&
  Object.fromEntries(
    Object.entries(s)
      .map(([k, v]) => [k, v instanceof Float64Array ? [...v] : v])
      .filter(([, v]) => v !== undefined),
  );

describe("appendDecoded", () => {
  it("appends what comes after the last point, drops what is shown, keeps the original when nothing is new", () => {
    expect(plain(appendDecoded(decoded([0, 1, 2]), decoded([2, 3, 4]), 100))).toEqual(plain(decoded([0, 1, 2, 3, 4])));
    const shown = decoded([0, 1, 2]);
    expect(appendDecoded(shown, decoded([1, 2]), 100)).toBe(shown);
  });

  it("continues the server's smoothed line with the read's values; none there (still computing): re-read", () => {
    const shown = decoded([0, 1], { smoothed: f64([5, 6]) });
    expect(plain(appendDecoded(shown, decoded([1, 2], { smoothed: f64([6, 7]) }), 100))).toMatchObject({ x: [0, 1, 2], smoothed: [5, 6, 7] });
    expect(appendDecoded(shown, decoded([2], { smoothedPending: true }), 100)).toBeNull();
  });

  it("a downsampled series takes raw points past its last bucket, its envelope continued by their values, counting every point", () => {
    const shown = decoded([0, 100], { y: f64([1, 2]), min: f64([0.5, 1.5]), max: f64([1.5, 2.5]), count: 200, downsampled: true });
    const merged = plain(appendDecoded(shown, decoded([200, 201], { y: f64([3, NaN]) }), 100));
    expect(merged).toEqual({ x: [0, 100, 200, 201], y: [1, 2, 3, NaN], min: [0.5, 1.5, 3, NaN], max: [1.5, 2.5, 3, NaN], count: 202, downsampled: true });
  });

  it("an envelope only the read has is drawn beside the shown line's own values", () => {
    const added = decoded([2, 3], { min: f64([0, 0]), max: f64([1, 1]), count: 40, downsampled: true });
    expect(plain(appendDecoded(decoded([0, 1]), added, 100))).toMatchObject({ min: [0, 0.1, 0, 0], max: [0, 0.1, 1, 1], count: 42, downsampled: true });
  });

  it("gives up past the drawing budget (the chart re-reads its range, bucketed anew)", () => {
    expect(appendDecoded(decoded([0, 1, 2]), decoded([3, 4]), 4)).toBeNull();
  });
});

describe("eventFit and eventSeries: an event's points on a live chart", () => {
  const points = (after: number, steps: number[]) => ({ after, steps, values: steps.map((v) => v / 10) });

  it("appends points that follow the last one shown; has them already when they end at or before it", () => {
    expect(eventFit([0, 1, 2], points(2, [3, 4]))).toBe("append");
    expect(eventFit([0, 1, 2], points(1, [2]))).toBe("shown");
    expect(eventFit([0, 1, 5], points(2, [3, 4]))).toBe("shown");
  });

  it("null (read the range) for a gap, no points carried, none shown yet", () => {
    expect(eventFit([0, 1, 2], points(3, [4]))).toBeNull();
    expect(eventFit([0, 1, 2], points(1, [3]))).toBeNull();
    expect(eventFit([0, 1, 2], undefined)).toBeNull();
    expect(eventFit([0, 1, 2], points(2, []))).toBeNull();
    expect(eventFit([], points(-1, [0]))).toBeNull();
  });

  it("an event's points appended are what the read of the new range appends (full resolution: min and max are the values)", () => {
    const shown = raw([0, 1, 2]);
    expect(appendSeries(shown, eventSeries({ after: 2, steps: [3, 4], values: [0.3, 0.4] }), 100)).toEqual(appendSeries(shown, raw([3, 4]), 100));
    expect(eventSeries({ after: 0, steps: [1], values: ["NaN"] })).toEqual({ x: [1], y: ["NaN"], min: ["NaN"], max: ["NaN"], count: 1, downsampled: false });
  });
});
