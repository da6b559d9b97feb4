import { describe, expect, it } from "vitest";
import { analysisQuery, readReplayParams, REPLAY_DEFAULTS, replayBase, replayValueError, writeReplayParams } from "./replay-params";

describe("replay parameters", () => {
  it("start at PyTorch's ReduceLROnPlateau defaults", () => {
    expect(readReplayParams(new URLSearchParams())).toEqual(REPLAY_DEFAULTS);
    expect(REPLAY_DEFAULTS).toMatchObject({ factor: 0.1, patience: 10, thresholdMode: "rel" });
  });

  it("read valid values from the URL and ignore invalid ones", () => {
    const p = readReplayParams(new URLSearchParams("factor=0.5&patience=2&cooldown=1.5&threshold=-1&thresholdMode=abs"));
    expect(p).toEqual({ ...REPLAY_DEFAULTS, factor: 0.5, patience: 2, thresholdMode: "abs" });
  });

  it("write only what differs from the defaults, keeping other parameters", () => {
    const next = writeReplayParams(new URLSearchParams("x=epoch&patience=3"), { ...REPLAY_DEFAULTS, factor: 0.5 });
    expect(next.toString()).toBe("x=epoch&factor=0.5");
  });

  it("explain a bad value with the bound the API enforces", () => {
    expect(replayValueError("factor", 1)).toBe("Between 0 and 1 (exclusive)");
    expect(replayValueError("patience", 2.5)).toBe("A whole number ≥ 0");
    expect(replayValueError("minLr", -1)).toBe("Must be ≥ 0");
    expect(replayValueError("eps", NaN)).toBe("Enter a number");
    expect(replayValueError("factor", 0.5)).toBeNull();
  });

  it("name every parameter in the analysis query", () => {
    expect([...new URLSearchParams(analysisQuery(REPLAY_DEFAULTS)).keys()].sort()).toEqual(
      ["cooldown", "eps", "factor", "minLr", "patience", "threshold", "thresholdMode"].sort(),
    );
  });
});

describe("the run's own plateau parameters as the editor's start", () => {
  const config = { schedule: "plateau", schedule_params: { factor: 0.5, patience: 2 } };

  it("starts from the run's config, PyTorch's defaults for the rest", () => {
    const base = replayBase(config);
    expect(base).toEqual({ ...REPLAY_DEFAULTS, factor: 0.5, patience: 2 });
    expect(readReplayParams(new URLSearchParams(""), base)).toEqual(base);
    expect(replayBase({ optimizer: "SGD" })).toEqual(REPLAY_DEFAULTS);
  });

  it("keeps only differences from the run's own values in the URL; PyTorch defaults are one of those", () => {
    const base = replayBase(config);
    expect(writeReplayParams(new URLSearchParams(""), base, base).toString()).toBe("");
    const defaults = writeReplayParams(new URLSearchParams(""), REPLAY_DEFAULTS, base);
    expect(defaults.toString()).toBe("factor=0.1&patience=10");
    expect(readReplayParams(defaults, base)).toEqual(REPLAY_DEFAULTS);
  });
});
