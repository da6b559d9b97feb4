import { describe, expect, it } from "vitest";
import type { AnyDataset } from "./chart-types";
import { chartCounts } from "./chart-counts";

const points = (n: number) => Array.from({ length: n }, (_, x) => ({ x, y: x }));

describe("chart counts", () => {
  it("counts series and points of datasets and layer lines, not auxiliary ones nor overlays", () => {
    const line: AnyDataset = { label: "a", data: points(5) };
    const band: AnyDataset = { label: "a (upper)", data: points(5) };
    const markers: AnyDataset = { type: "scatter", label: "events", data: points(3) };
    const replay: AnyDataset = { label: "replayed LR", data: points(4) };
    const counts = chartCounts({
      datasets: [line, band, markers, replay],
      layers: {
        envelopes: [{ x: [0], lower: [0], upper: [1], color: "#000" }],
        lines: [
          { label: "b", x: [0, 1], y: [0, 1], color: "#000", width: 1 },
          { label: "b (raw)", x: [0, 1], y: [0, 1], color: "#000", width: 1, auxiliary: true },
        ],
      },
      annotations: [
        { kind: "band", from: 0, to: 1, color: "#000" },
        { kind: "line", at: 2, color: "#000" },
      ],
      isAuxiliary: (d) => d === band,
      isOverlay: (d) => d === markers || d === replay,
    });
    // Overlays: 2 annotations + 3 scatter markers + 1 overlay line.
    expect(counts).toEqual({ series: 2, points: 7, overlays: 6 });
  });
});
