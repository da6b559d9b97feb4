import { describe, expect, it } from "vitest";
import { X_AXES } from "./align";
import { AXIS_TITLES, formatAxis, RUN_AXIS_TITLES } from "./axis-format";

describe("axis formats", () => {
  it("writes steps grouped, epochs as metrics, durations and fractions readably", () => {
    expect(formatAxis("step")(12500)).toBe("12,500");
    expect(formatAxis("epoch")(2.5)).toBe("2.5");
    expect(formatAxis("relative")(3725)).toBe("1h 2m 5s");
    expect(formatAxis("fraction")(0.125)).toBe("12.5%");
  });

  it("shows the date of absolute times on the compare charts, the time of day alone on a run's page", () => {
    const t = Date.UTC(2026, 10, 1, 14, 3, 9) / 1000;
    expect(formatAxis("time")(t)).toBe("11-01 14:03:09");
    expect(formatAxis("time", { date: false })(t)).toBe("14:03:09");
  });

  it("titles every axis", () => {
    for (const axis of X_AXES) expect(AXIS_TITLES[axis]).toBeTruthy();
    expect(RUN_AXIS_TITLES.time).toBe("time");
    expect(AXIS_TITLES.time).toBe("time (UTC)");
  });
});
