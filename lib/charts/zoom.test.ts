import { describe, expect, it } from "vitest";
import { dragRange, keyboardZoom, ZOOM_KEYS } from "./zoom";

describe("keyboard zoom", () => {
  const shown = { min: 100, max: 300 };

  it("zooms in and out around the middle", () => {
    expect(keyboardZoom("+", shown)).toEqual({ min: 150, max: 250 });
    expect(keyboardZoom("=", shown)).toEqual({ min: 150, max: 250 });
    expect(keyboardZoom("-", shown)).toEqual({ min: 0, max: 400 });
  });

  it("pans by half the half-width, keeping the width", () => {
    expect(keyboardZoom("ArrowLeft", shown)).toEqual({ min: 50, max: 250 });
    expect(keyboardZoom("ArrowRight", shown)).toEqual({ min: 150, max: 350 });
  });

  it("resets on Escape and 0, ignores other keys", () => {
    expect(keyboardZoom("Escape", shown)).toBeNull();
    expect(keyboardZoom("0", shown)).toBeNull();
    expect(keyboardZoom("a", shown)).toBeUndefined();
    expect(keyboardZoom("Enter", shown)).toBeUndefined();
  });

  it("announces every key it answers", () => {
    for (const key of ZOOM_KEYS.split(" ")) expect(keyboardZoom(key, shown)).not.toBeUndefined();
  });
});

describe("drag range", () => {
  it("orders the ends whichever way the drag went", () => {
    expect(dragRange(5, 2)).toEqual({ min: 2, max: 5 });
    expect(dragRange(2, 5)).toEqual({ min: 2, max: 5 });
  });
});
