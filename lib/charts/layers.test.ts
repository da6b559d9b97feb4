import { describe, expect, it } from "vitest";
import { layersExtent, NO_LAYERS, type ArrayLayers } from "./layers";

const line = (x: number[], y: number[]) => ({ label: "l", x, y, color: "#000", width: 1 });

describe("layers extent", () => {
  it("is empty without finite values, so the chart fits its datasets alone", () => {
    expect(layersExtent(NO_LAYERS, false)).toEqual({ x: {}, y: {} });
    expect(layersExtent({ envelopes: [], lines: [line([NaN], [Infinity])] }, false)).toEqual({ x: {}, y: {} });
  });

  it("spans lines and envelopes, skipping non-finite values", () => {
    const layers: ArrayLayers = {
      envelopes: [{ x: [10, 20], lower: [-1, NaN], upper: [4, 9], color: "#000" }],
      lines: [line([0, 5, 30], [2, NaN, 3])],
    };
    expect(layersExtent(layers, false)).toEqual({ x: { min: 0, max: 30 }, y: { min: -1, max: 9 } });
  });

  it("keeps only positive y on a log axis", () => {
    expect(layersExtent({ envelopes: [], lines: [line([0, 1, 2], [0, -3, 0.01])] }, true).y).toEqual({ min: 0.01, max: 0.01 });
  });

  it("fits y to the points inside a zoom window, x to all of them", () => {
    const layers = { envelopes: [], lines: [line([0, 1, 2, 3], [100, 5, 6, 200])] };
    expect(layersExtent(layers, false, { min: 1, max: 2 })).toEqual({ x: { min: 0, max: 3 }, y: { min: 5, max: 6 } });
  });
});
