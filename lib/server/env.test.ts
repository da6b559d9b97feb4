import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "./env";

describe("isLoopbackHost (writes without a key only on loopback)", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["::1", true],
    ["0.0.0.0", false],
    ["192.168.1.5", false],
    ["::", false],
    ["anneal.example.com", false],
  ])("%s → %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
