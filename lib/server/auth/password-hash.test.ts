import { describe, expect, it } from "vitest";
import { hashPassword, verifyPasswordHash } from "./password-hash";

describe("password hashes (native scrypt)", () => {
  it("verifies the right password only, with a fresh salt each time", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^scrypt\$16384\$16\$1\$[\w-]+\$[\w-]{86}$/);
    expect(await verifyPasswordHash({ hash, password: "correct horse battery staple" })).toBe(true);
    expect(await verifyPasswordHash({ hash, password: "correct horse battery stapler" })).toBe(false);
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
    expect(await verifyPasswordHash({ hash: "not-a-hash", password: "x" })).toBe(false);
  });
});
