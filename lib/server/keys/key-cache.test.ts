import { afterEach, describe, expect, it, vi } from "vitest";
import { cachedKey, forgetKey, KEY_CACHE_MS, rememberKey } from "./key-cache";

const key = (id: number) => ({ id, projectId: 1, scope: "write" as const, lastUsedAt: null });

describe("key cache", () => {
  afterEach(() => vi.restoreAllMocks());

  it("serves a key for less than KEY_CACHE_MS of Date.now's time, and not at KEY_CACHE_MS", () => {
    const t0 = 1_800_000_000_000;
    const clock = vi.spyOn(Date, "now").mockReturnValue(t0);
    rememberKey("h1", key(1));
    clock.mockReturnValue(t0 + KEY_CACHE_MS - 1);
    expect(cachedKey("h1")?.id).toBe(1);
    // Read again at once with the clock moved on: no clock value kept from the last check.
    clock.mockReturnValue(t0 + KEY_CACHE_MS);
    expect(cachedKey("h1")).toBeUndefined();
    // Gone, not only hidden: the clock turned back does not bring it back.
    clock.mockReturnValue(t0);
    expect(cachedKey("h1")).toBeUndefined();
  });

  it("a key remembered again is served from then on; forgetKey drops every hash of that key id at once", () => {
    const t0 = 1_800_000_100_000;
    const clock = vi.spyOn(Date, "now").mockReturnValue(t0);
    rememberKey("h2", key(2));
    rememberKey("h2b", key(2));
    rememberKey("h3", key(3));
    clock.mockReturnValue(t0 + KEY_CACHE_MS - 1);
    rememberKey("h3", key(3));
    clock.mockReturnValue(t0 + 2 * KEY_CACHE_MS - 2);
    expect(cachedKey("h2")).toBeUndefined();
    expect(cachedKey("h3")?.id).toBe(3);
    clock.mockReturnValue(t0 + 1);
    rememberKey("h2", key(2));
    rememberKey("h2b", key(2));
    forgetKey(2);
    expect(cachedKey("h2")).toBeUndefined();
    expect(cachedKey("h2b")).toBeUndefined();
    expect(cachedKey("h3")?.id).toBe(3);
  });
});
