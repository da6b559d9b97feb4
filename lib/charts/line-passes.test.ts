import { describe, expect, it } from "vitest";
import { hairlineOffsets } from "./line-passes";

describe("hairlineOffsets", () => {
  it("draws a line up to 2 px wide as hairlines spanning its width, at one device pixel per CSS pixel", () => {
    expect(hairlineOffsets(2, 1)).toEqual([-0.5, 0.5]);
    expect(hairlineOffsets(1.5, 1)).toEqual([-0.25, 0.25]);
    expect(hairlineOffsets(1, 1)).toEqual([0]);
  });

  it("keeps one ordinary stroke for wider lines and on denser screens", () => {
    expect(hairlineOffsets(3, 1)).toBeNull();
    expect(hairlineOffsets(2, 2)).toBeNull();
    expect(hairlineOffsets(1, 1.5)).toBeNull();
  });
});
