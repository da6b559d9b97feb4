import { describe, expect, it } from "vitest";
import { DEFAULT_STATE, parseState, serializeState, type CompareState } from "./url-state";

const parse = (q: string) => parseState(new URLSearchParams(q));

describe("compare URL state", () => {
  it("leaves defaults out of the URL", () => {
    expect(serializeState({ ...DEFAULT_STATE, runs: ["a", "b"] })).toBe("runs=a,b");
    expect(parse("runs=a,b")).toEqual({ ...DEFAULT_STATE, runs: ["a", "b"] });
  });

  it("round-trips every setting, keys with separators included", () => {
    const s: CompareState = {
      ...DEFAULT_STATE,
      runs: ["a1", "b,2"],
      charts: [["lr"], ["loss", "val/loss"], ["we+ird:key;x"]],
      x: "fraction",
      smoothing: "gaussian",
      strength: 0.85,
      groupBy: ["optimizer", "schedule_params.power"],
      band: "std",
      log: ["lr", "loss+val/loss"],
      yLock: { mIoU: { min: 0.3, max: 0.6 } },
      noRaw: ["mIoU"],
      zoom: { min: 0.125, max: 0.5 },
      hidden: ["a1"],
      mark: { runId: "b,2", step: 420 },
      diag: "a1",
      metric: "val/mIoU",
      mode: "min",
      baseline: "a1",
      showAllConfig: true,
    };
    const q = serializeState(s);
    expect(parse(q)).toEqual(s);
    expect(serializeState(parse(q))).toBe(q);
    // Common keys stay readable; only `+` (a space in a query) is escaped.
    expect(q).toContain("charts=lr,loss%2Bval/loss,");
  });

  it("rounds zoom edges to six significant digits", () => {
    expect(parse(serializeState({ ...DEFAULT_STATE, runs: ["a"], zoom: { min: 0.1234567891, max: 2 } })).zoom).toEqual({ min: 0.123457, max: 2 });
  });

  it("falls back to defaults on bad input", () => {
    const s = parse("runs=a,a&x=bogus&smooth=fancy&strength=7&from=5&to=1&ylock=mIoU:1:0&mode=up&mark=a:x");
    expect(s).toEqual({ ...DEFAULT_STATE, runs: ["a"], strength: 0.99 });
  });

  it("tells an empty log list (all linear) from an absent one (the default)", () => {
    expect(parse("runs=a&log=").log).toEqual([]);
    expect(parse("runs=a").log).toBeNull();
  });
});
