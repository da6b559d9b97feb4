import { describe, expect, it } from "vitest";
import { splitCommaList } from "./comma-list";

describe("splitCommaList", () => {
  it("trims items and drops empty ones", () => {
    expect(splitCommaList("a, b,,c ,")).toEqual(["a", "b", "c"]);
    expect(splitCommaList(" , ")).toEqual([]);
  });
  it("reads nothing as the empty list", () => {
    expect(splitCommaList("")).toEqual([]);
    expect(splitCommaList(null)).toEqual([]);
    expect(splitCommaList(undefined)).toEqual([]);
  });
  it("keeps spaces inside items, and around them when asked", () => {
    expect(splitCommaList("train/lr - run 1,val loss")).toEqual(["train/lr - run 1", "val loss"]);
    expect(splitCommaList(" lr ,,x", { trim: false })).toEqual([" lr ", "x"]);
  });
});
