import { describe, expect, it } from "vitest";
import { MIN_ROWS_PER_SERIES, TABLE_ROWS, tableOfDataset, tableOfLine, tableRows } from "./data-table";

describe("screen-reader table rows", () => {
  it("lists every point of a short series", () => {
    expect(tableRows(4, 1)).toEqual({ stride: 1, rows: [0, 1, 2, 3] });
    expect(tableRows(0, 1)).toEqual({ stride: 1, rows: [] });
  });

  it("thins a long series evenly and always keeps its last point", () => {
    const { stride, rows } = tableRows(1001, 1);
    expect(stride).toBe(3);
    expect(rows.length).toBeLessThanOrEqual(TABLE_ROWS + 1);
    expect(rows[1] - rows[0]).toBe(3);
    expect(rows.at(-1)).toBe(1000);
  });

  it("shares the rows between series, at least 10 each", () => {
    expect(tableRows(1000, 5).rows.length).toBeLessThanOrEqual(TABLE_ROWS / 5 + 1);
    // 10 evenly spaced rows, plus the last point.
    expect(tableRows(1000, 200).rows).toEqual([...Array.from({ length: MIN_ROWS_PER_SERIES }, (_, i) => i * 100), 999]);
  });
});

describe("table series", () => {
  it("reads a line's arrays; a non-finite y is a gap", () => {
    const t = tableOfLine({ label: "run", x: [0, 10], y: [1.5, NaN], color: "#000", width: 1 });
    expect([t.label, t.n, t.x(1), t.value(0), t.value(1)]).toEqual(["run", 2, 10, "1.5", "gap"]);
  });

  it("reads a dataset's points, preferring the logged text", () => {
    const t = tableOfDataset({
      label: "loss",
      data: [
        { x: 0, y: 2 },
        { x: 1, y: null },
        { x: 2, y: 3, value: "NaN" },
      ],
    });
    expect([0, 1, 2].map(t.value)).toEqual(["2", "gap", "NaN"]);
  });
});
