import { expect, it } from "vitest";
import { lowerBound, upperBound } from "./sorted-search";

it("finds the first index ≥ / > a value", () => {
  const xs = [0, 10, 10, 20];
  expect([-1, 0, 5, 10, 20, 25].map((v) => lowerBound(xs, v))).toEqual([0, 0, 1, 1, 3, 4]);
  expect([-1, 0, 5, 10, 20, 25].map((v) => upperBound(xs, v))).toEqual([0, 1, 1, 3, 4, 4]);
});
