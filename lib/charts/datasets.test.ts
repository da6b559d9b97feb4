import { describe, expect, it } from "vitest";
import { linePoints, nonFiniteMarkers, seriesDatasets } from "./datasets";

describe("line points", () => {
  it("turns non-finite values and wide gaps into null, never zero", () => {
    expect(linePoints({ x: [0, 1, 2, 10], y: [1, NaN, 3, 4] }, 5)).toEqual([
      { x: 0, y: 1 },
      { x: 1, y: null },
      { x: 2, y: 3 },
      { x: 6, y: null },
      { x: 10, y: 4 },
    ]);
  });
});

describe("non-finite markers", () => {
  it("places NaN on the last finite value and ±Inf at the finite extremes", () => {
    const markers = nonFiniteMarkers({ x: [0, 1, 2, 3, 4], y: [NaN, 2, 5, Infinity, -Infinity] });
    expect(markers).toEqual([
      { x: 0, y: 2, value: "NaN" },
      { x: 3, y: 5, value: "Infinity" },
      { x: 4, y: 2, value: "-Infinity" },
    ]);
  });
});

describe("series datasets", () => {
  it("draws the band under the line, then the markers", () => {
    const out = seriesDatasets({
      label: "run-a",
      color: "#db1212",
      raw: { x: [0, 1, 2], y: [1, NaN, 3] },
      band: { x: [0, 1, 2], lower: [0.5, NaN, 2], upper: [1.5, NaN, 4] },
    });
    expect(out.map((d) => d.role)).toEqual(["band-upper", "band-lower", "line", "markers"]);
    const [upper, lower, line, markers] = out.map((d) => d.dataset);
    expect(lower.fill).toBe("-1");
    expect(upper.data[1]).toEqual({ x: 1, y: null });
    expect(line.label).toBe("run-a");
    expect(line.borderColor).toBe("#db1212");
    expect(markers.type).toBe("scatter");
    expect(markers.data).toEqual([{ x: 1, y: 1, value: "NaN" }]);
  });

  it("draws only a solid line for a clean unsmoothed series", () => {
    const out = seriesDatasets({ label: "run-b", color: "#1d98cc", raw: { x: [0, 1], y: [1, 2] } });
    expect(out.map((d) => d.role)).toEqual(["line"]);
    expect(out[0].dataset.label).toBe("run-b");
    expect(out[0].dataset.borderColor).toBe("#1d98cc");
  });
});
