import { describe, expect, it } from "vitest";
import { editOf, editsValid, overrideOf, parseConfig } from "./run-edits";

describe("import preview edits", () => {
  const run = { name: "brats", tags: ["unet", "keras"], config: { lr: 0.001 }, duplicateOf: null };

  it("start from what was detected; a duplicate starts skipped", () => {
    expect(editOf(run)).toEqual({ name: "brats", tags: "unet, keras", config: '{\n  "lr": 0.001\n}', skip: false });
    expect(editOf({ ...run, duplicateOf: { id: "r1" } }).skip).toBe(true);
  });

  it("accept only a JSON object as config", () => {
    expect(parseConfig('{"lr": 0.1}')).toEqual({ lr: 0.1 });
    for (const bad of ["[1]", "1", "null", "{lr: 0.1}", ""]) expect(parseConfig(bad)).toBeNull();
  });

  it("block the import on an invalid config, unless that run is skipped", () => {
    const bad = { ...editOf(run), config: "{" };
    expect(editsValid([editOf(run), bad])).toBe(false);
    expect(editsValid([editOf(run), { ...bad, skip: true }])).toBe(true);
  });

  it("turn the form into an override: tags split and trimmed, config parsed", () => {
    expect(overrideOf({ name: "n", tags: " a, ,b ", config: '{"x": 1}', skip: false })).toEqual({ name: "n", tags: ["a", "b"], config: { x: 1 }, skip: false });
  });
});
