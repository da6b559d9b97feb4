import { describe, expect, it } from "vitest";
import { ZCommaList } from "./common";

describe("ZCommaList", () => {
  it("parses a query parameter with the one comma-list rule", () => {
    expect(ZCommaList().parse(" a,b ,,")).toEqual(["a", "b"]);
  });
  it("bounds the count and says what it wanted", () => {
    const runs = ZCommaList({ min: 1, max: 2, of: "run ids" });
    expect(runs.parse("x,y")).toEqual(["x", "y"]);
    for (const bad of [",", "x,y,z"]) {
      const r = runs.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0].message).toBe("1 to 2 comma-separated run ids");
    }
  });
});
