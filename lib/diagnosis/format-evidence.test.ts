import { describe, expect, it } from "vitest";
import { formatRecord, formatValue } from "./format-evidence";

describe("analysis values", () => {
  it("writes camelCase LR keys of the analysis in exponent form", () => {
    expect(formatValue("suggestedLr", 0.0003)).toBe("3e-4");
    expect(formatValue("etaMin", 0.000001)).toBe("1e-6");
    expect(formatValue("factor", 0.1)).toBe("0.1");
  });

  it("joins arrays, keeps wire strings and shows null as a dash", () => {
    expect(formatValue("milestones", [10, 20])).toBe("10, 20");
    expect(formatValue("loss", "NaN")).toBe("NaN");
    expect(formatValue("mode", "min")).toBe("min");
    expect(formatValue("patience", null)).toBe("—");
  });

  it("writes a record as key value pairs, without the skipped keys", () => {
    expect(formatRecord({ key: "loss", value: 14.91234, baseline: 1.2 }, ["key"])).toBe("value 14.91 · baseline 1.2");
  });
});
