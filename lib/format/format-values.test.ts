import { describe, expect, it } from "vitest";
import { formatAbsolute, formatBytes, formatConfigValue, formatDuration, formatInt, formatLr, formatMetric, formatRelative } from "./format-values";

describe("number formats", () => {
  it("writes learning rates in exponent form below 0.01", () => {
    expect(formatLr(1e-4)).toBe("1e-4");
    expect(formatLr(2.5e-4)).toBe("2.5e-4");
    expect(formatLr(0.1)).toBe("0.1");
    expect(formatLr(0)).toBe("0");
    expect(formatLr(NaN)).toBe("NaN");
    expect(formatLr("Infinity")).toBe("Infinity");
    expect(formatLr(null)).toBe("—");
  });

  it("writes metrics to 4 significant digits, exponent form only for extreme magnitudes", () => {
    expect(formatMetric(0.612345)).toBe("0.6123");
    expect(formatMetric(1234.5678)).toBe("1235");
    expect(formatMetric(2e-5)).toBe("2e-5");
    expect(formatMetric(3e7)).toBe("3e7");
    expect(formatMetric("NaN")).toBe("NaN");
    expect(formatMetric(undefined)).toBe("—");
  });

  it("groups integers and rounds them", () => {
    expect(formatInt(12500)).toBe("12,500");
    expect(formatInt(2.6)).toBe("3");
    expect(formatInt(null)).toBe("—");
  });

  it("groups integers exactly as Intl's en-US format does", () => {
    const intl = new Intl.NumberFormat("en-US");
    const values = [
      0,
      -0,
      -0.4,
      7,
      999,
      1000,
      -1000,
      12_345.5,
      -9_876_543.2,
      1e6,
      123_456_789_012,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2 ** 60,
      1e21,
      NaN,
      Infinity,
      -Infinity,
    ];
    for (const v of values) expect(formatInt(v), String(v)).toBe(intl.format(Math.round(v)));
  });

  it("shows lr-like config values in exponent form, other values as they are", () => {
    expect(formatConfigValue("optimizer.lr", 0.0005)).toBe("5e-4");
    expect(formatConfigValue("momentum", 0.9)).toBe("0.9");
    expect(formatConfigValue("milestones", [10, 20])).toBe("[10,20]");
    expect(formatConfigValue("schedule", null)).toBe("—");
  });
});

describe("time formats", () => {
  it("writes durations from seconds to days", () => {
    expect(formatDuration(4.25)).toBe("4.3s");
    expect(formatDuration(65)).toBe("1m 5s");
    expect(formatDuration(3725)).toBe("1h 2m 5s");
    expect(formatDuration(90061)).toBe("1d 1h 1m");
    expect(formatDuration(NaN)).toBe("—");
  });

  it("writes times relative to now, and absolute ones in UTC", () => {
    const now = Date.UTC(2026, 0, 1, 12);
    expect(formatRelative(new Date(now - 3 * 60_000).toISOString(), now)).toBe("3 minutes ago");
    expect(formatRelative(new Date(now - 86_400_000).toISOString(), now)).toBe("yesterday");
    expect(formatAbsolute("2026-01-01T12:00:05.123Z")).toBe("2026-01-01 12:00:05 UTC");
  });
});

describe("formatBytes", () => {
  it("uses binary units with one decimal", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1024)).toBe("1.0 KiB");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MiB");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3.0 GiB");
  });
});
