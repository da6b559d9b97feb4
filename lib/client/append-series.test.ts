import { describe, expect, it } from "vitest";
import { appendSeries } from "./append-series";

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
