import { describe, expect, it } from "vitest";
import { RUN_PALETTE, assignRunColors, withAlpha } from "./colors";

function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const lin = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (hi + 0.05) / (lo + 0.05);
};
const ids = (n: number, prefix = "run") => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe("run colours", () => {
  it("has 20 distinct colours readable on light and dark backgrounds", () => {
    expect(new Set(RUN_PALETTE).size).toBe(20);
    for (const c of RUN_PALETTE) {
      expect(contrast(c, "#ffffff")).toBeGreaterThanOrEqual(3);
      expect(contrast(c, "#111827")).toBeGreaterThanOrEqual(3);
    }
  });

  it("gives up to 20 runs distinct colours, independent of selection order", () => {
    const runs = ids(20);
    const a = assignRunColors(runs);
    const b = assignRunColors([...runs].reverse());
    expect(new Set(a.values()).size).toBe(20);
    expect([...a].sort()).toEqual([...b].sort());
  });

  it("keeps a run's colour when other runs join or leave", () => {
    // alpha, beta and gamma hash to different slots, so none has to move.
    const alone = assignRunColors(["alpha"]).get("alpha");
    const together = assignRunColors(["gamma", "alpha", "beta"]);
    expect(together.get("alpha")).toBe(alone);
    expect(together.get("beta")).toBe(assignRunColors(["beta"]).get("beta"));
    expect(new Set(together.values()).size).toBe(3);
  });

  it("moves the later id (in id order) to the next free slot on a clash", () => {
    const taken = assignRunColors(["alpha"]).get("alpha") as string;
    const clashing = Array.from({ length: 200 }, (_, i) => `r${i}`).find((id) => assignRunColors([id]).get(id) === taken) as string;
    const both = assignRunColors([clashing, "alpha"]);
    expect(both.get("alpha")).toBe(taken);
    expect(both.get(clashing)).toBe(RUN_PALETTE[(RUN_PALETTE.indexOf(taken) + 1) % 20]);
  });

  it("colours by group beyond 20 runs", () => {
    const runs = ids(30);
    const groupOf = (id: string) => (Number(id.split("-")[1]) % 3 === 0 ? "AdamW" : Number(id.split("-")[1]) % 3 === 1 ? "SGD" : "Adam");
    const colors = assignRunColors(runs, groupOf);
    expect(new Set(colors.values()).size).toBe(3);
    expect(colors.get("run-0")).toBe(colors.get("run-3"));
    expect(colors.get("run-0")).not.toBe(colors.get("run-1"));
  });

  it("makes rgba from hex", () => {
    expect(withAlpha("#1d98cc", 0.25)).toBe("rgba(29, 152, 204, 0.25)");
  });
});
