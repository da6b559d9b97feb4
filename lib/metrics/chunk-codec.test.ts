import { describe, expect, it } from "vitest";
import {
  BLOCK_FIELDS,
  BLOCK_SIZES,
  B_COUNT,
  B_MAX,
  B_MIN,
  B_NAN,
  B_STEP_HI,
  B_STEP_LO,
  B_SUM,
  decodeFloats,
  decodeSteps,
  encodeChunk,
  StepRuns,
} from "./chunk-codec";
import { lowerBound, upperBound } from "@/lib/sorted-search";

describe("chunk codec", () => {
  it("round-trips steps and float64 values exactly, NaN and infinities included", () => {
    const steps = [0, 1, 2, 3, 10, 20, 30, 31, 2 ** 40];
    const values = [0.0095, 1e-300, -0, NaN, Infinity, -Infinity, 0.1 + 0.2, 5e-324, 1.7976931348623157e308];
    const c = encodeChunk(steps, values);
    expect(Array.from(decodeSteps(c.steps, steps.length))).toEqual(steps);
    const back = decodeFloats(c.vals);
    expect(Array.from(back)).toEqual(values);
    expect(Object.is(back[2], -0)).toBe(true);
  });

  it("finds steps' positions, a point's step and slices of steps from the encoded runs, as in the decoded steps", () => {
    const steps = [3, 4, 5, 6, 10, 20, 30, 40, 41, 43, 45, 1000];
    const runs = new StepRuns(encodeChunk(steps, steps).steps, steps.length);
    for (const v of [-1, 3, 4, 7, 10, 11, 29, 30, 40, 42, 45, 46, 999, 1000, 1001]) {
      expect(runs.lowerBound(v), `lowerBound ${v}`).toBe(lowerBound(steps, v));
      expect(runs.upperBound(v), `upperBound ${v}`).toBe(upperBound(steps, v));
    }
    expect(Array.from(runs.slice(2, 10))).toEqual(steps.slice(2, 10));
    expect(Array.from(runs.slice(0, steps.length))).toEqual(steps);
    expect(steps.map((_, i) => runs.at(i))).toEqual(steps);
    const one = new StepRuns(encodeChunk([7], [1]).steps, 1);
    expect([one.lowerBound(7), one.upperBound(7), Array.from(one.slice(0, 1)), one.at(0)]).toEqual([0, 1, [7], 7]);
  });

  it("stores consecutive steps in a few bytes", () => {
    const steps = Array.from({ length: 10_000 }, (_, i) => 5_000 + i);
    const c = encodeChunk(
      steps,
      steps.map((s) => s / 7),
    );
    expect(c.steps.byteLength).toBeLessThan(10);
  });

  it("summarises blocks with finite min/max and counts non-finite values", () => {
    const steps = Array.from({ length: 130 }, (_, i) => i * 2);
    const values = steps.map((s) => s);
    values[5] = NaN;
    values[70] = 1e9;
    const c = encodeChunk(steps, values);
    const blocks = decodeFloats(c.blocks[0]);
    expect(blocks.length).toBe(3 * BLOCK_FIELDS);
    expect(blocks[B_STEP_LO]).toBe(0);
    expect(blocks[B_STEP_HI]).toBe((BLOCK_SIZES[0] - 1) * 2);
    expect(blocks[B_NAN]).toBe(1);
    expect(blocks[BLOCK_FIELDS + B_MAX]).toBe(1e9);
    expect(blocks[2 * BLOCK_FIELDS + B_COUNT]).toBe(2);
    expect(blocks[B_MIN]).toBe(0);
    expect(c.blocks.map((b) => b.byteLength / 8 / BLOCK_FIELDS)).toEqual([3, 1, 1, 1]);
    expect(c.stats).toMatchObject({ n: 130, min: 0, max: 1e9, maxStep: 140, nonFinite: 1, stepLo: 0, stepHi: 258 });
  });

  it("stores coarser levels equal to summarising at their size (sums up to rounding)", () => {
    const n = 5_000;
    const steps = Array.from({ length: n }, (_, i) => i * 3);
    const values = steps.map((s) => (s % 997 === 0 ? NaN : s % 1300 === 0 ? -Infinity : Math.sin(s) * 1e3));
    for (let i = 1024; i < 2048; i++) values[i] = NaN; // blocks with no finite value
    const c = encodeChunk(steps, values);
    BLOCK_SIZES.forEach((size, l) => {
      const stored = decodeFloats(c.blocks[l]);
      expect(stored.length).toBe(Math.ceil(n / size) * BLOCK_FIELDS);
      for (let b = 0, start = 0; start < n; b++, start += size) {
        const block = values.slice(start, start + size);
        const finite = block.filter(Number.isFinite);
        const r = (field: number) => stored[b * BLOCK_FIELDS + field];
        expect([r(B_STEP_LO), r(B_STEP_HI), r(B_COUNT), r(B_NAN)]).toEqual([
          steps[start],
          steps[start + block.length - 1],
          block.length,
          block.filter(Number.isNaN).length,
        ]);
        expect([r(B_MIN), r(B_MAX)]).toEqual(finite.length ? [Math.min(...finite), Math.max(...finite)] : [NaN, NaN]);
        expect(r(B_SUM)).toBeCloseTo(
          finite.reduce((a, v) => a + v, 0),
          6,
        );
      }
    });
  });
});
