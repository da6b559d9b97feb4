import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzeLrRange, isLrRangeTest } from "./lr-finder";
import { alignByStep } from "./series-align";
import { loadRealRun } from "./testing/realtrain";

describe("LR range test", () => {
  for (const [name, lo, hi, torchLrFinder] of [
    ["lr-range-test-adamw", 5e-5, 2e-3, 0.000737776008268332],
    ["lr-range-test-sgd", 1e-3, 3e-2, 0.013554249376408298],
  ] as const) {
    it(`suggests a sensible LR on ${name}`, () => {
      const { input } = loadRealRun(name);
      expect(isLrRangeTest(input.series.lr)).toBe(true);
      const [lr, loss] = alignByStep(input.series.lr, input.series.loss);
      const r = analyzeLrRange(lr, loss)!;
      expect(r.suggestedLr).toBeGreaterThan(lo);
      expect(r.suggestedLr).toBeLessThan(hi);
      expect(r.suggestedLr).toBeLessThan(r.minLossLr);
      // torch-lr-finder on the raw losses: its range_test's EMA and divergence stop, then plot()'s rule
      // (its own recording code and numpy run on this file give these).
      expect(r.torchLrFinderLr).toBe(torchLrFinder);
      expect(r.range[0]).toBeLessThan(r.range[1]);
      // The divergent tail is cut: the curve ends before the loss blows up.
      expect(r.curve.lr.length).toBeLessThan(lr.length);
    });
  }

  it("suggests an LR below the minimum of the MIT torch-lr-finder history", () => {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/reallogs-mit/phernst_conebeam_torch_lr_finder_history.json");
    const h = JSON.parse(readFileSync(file, "utf8")) as { lr: number[]; loss: number[] };
    const r = analyzeLrRange(h.lr, h.loss, { torchLrFinderHistory: true })!;
    expect(r.minLoss).toBeGreaterThan(3.4);
    expect(r.minLoss).toBeLessThan(3.55);
    expect(r.minLossLr).toBeGreaterThan(0.04);
    expect(r.minLossLr).toBeLessThan(0.2);
    expect(r.suggestedLr).toBeLessThan(0.09);
    expect(r.suggestedLr).toBeGreaterThan(1e-4);
    // torch-lr-finder's plot() on this history (numpy: np.gradient(loss[10:-5]).argmin() = 66 → lr[76]);
    // Anneal's, on its centred-smoothed loss, is one point of the sweep further.
    expect(r.torchLrFinderLr).toBe(0.01445439770745928);
    expect(r.suggestedLr).toBe(0.017378008287493765);
  });

  it("torch-lr-finder's own suggestion: skip 10 and 5 points, np.gradient (one-sided at the ends), first minimum", () => {
    const lr = Array.from({ length: 20 }, (_, i) => i / 100);
    // Kept: indices 10..14. Gradients by hand: [1-3=-2 (one-sided), (0.5-3)/2=-1.25, (0-1)/2=-0.5, (-1-0.5)/2=-0.75, -1-0=-1 (one-sided)].
    const loss = [9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 3, 1, 0.5, 0, -1, 50, 50, 50, 50, 50];
    const history = { torchLrFinderHistory: true };
    const r = analyzeLrRange(
      lr.map((x) => x + 1e-3),
      loss,
      history,
    )!;
    expect(r.torchLrFinderLr).toBeCloseTo(0.101, 12);
    // 16 points leave one after the trims: numpy raises, no suggestion.
    expect(
      analyzeLrRange(
        lr.slice(0, 16).map((x) => x + 1e-3),
        loss.slice(0, 16),
        history,
      )!.torchLrFinderLr,
    ).toBeNull();
  });

  it("is not fooled by a decaying schedule or a constant LR", () => {
    for (const name of ["sgd-2e-2-exp", "sgd-5e-2-poly-s0", "adagrad-1e-2-const"]) {
      expect(isLrRangeTest(loadRealRun(name).input.series.lr), name).toBe(false);
    }
  });

  it("stops at the first non-finite loss and needs a few points", () => {
    expect(analyzeLrRange([1e-5, 1e-4, 1e-3], [1, 0.9, 0.8])).toBeNull();
    const lr = Array.from({ length: 60 }, (_, i) => 1e-6 * 1.25 ** i);
    const loss = lr.map((x, i) => (i > 50 ? NaN : 2 - Math.tanh(Math.log10(x) + 3) + (x > 1e-2 ? (x - 1e-2) * 50 : 0)));
    const r = analyzeLrRange(lr, loss)!;
    expect(r.curve.lr[r.curve.lr.length - 1]).toBeLessThanOrEqual(lr[50]);
    expect(r.suggestedLr).toBeGreaterThan(1e-4);
    expect(r.suggestedLr).toBeLessThan(1e-2);
  });
});
