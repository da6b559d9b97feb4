import { describe, expect, it } from "vitest";
import { keyRole, leastRoleFor, roleAllows } from "./roles";

describe("project roles", () => {
  it.each([
    ["owner", "manage", true],
    ["owner", "write", true],
    ["editor", "write", true],
    ["editor", "manage", false],
    ["viewer", "read", true],
    ["viewer", "write", false],
  ] as const)("%s may %s: %s", (role, action, allowed) => {
    expect(roleAllows(role, action)).toBe(allowed);
  });

  it("names the least role for an action and maps key scopes onto roles", () => {
    expect([leastRoleFor("read"), leastRoleFor("write"), leastRoleFor("manage")]).toEqual(["viewer", "editor", "owner"]);
    expect([keyRole("read"), keyRole("write")]).toEqual(["viewer", "editor"]);
  });
});
