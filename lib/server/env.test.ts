import { describe, expect, it } from "vitest";
import { isLoopbackHost, parseEnv, publicUrl } from "./env";

describe("isLoopbackHost (the local user exists only on loopback)", () => {
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

describe("modes and the settings that replace ANNEAL_AUTH", () => {
  it("defaults to local mode and accepts team", () => {
    expect(parseEnv({}).ANNEAL_MODE).toBe("local");
    expect(parseEnv({ ANNEAL_MODE: "team" }).ANNEAL_MODE).toBe("team");
  });

  it("stops on a typo, naming the variable", () => {
    expect(() => parseEnv({ ANNEAL_MODE: "teams" })).toThrow(/ANNEAL_MODE.*'local' or 'team'/);
    expect(() => parseEnv({ ANNEAL_AUTH: "key" })).toThrow(/ANNEAL_AUTH: unknown value 'key'/);
    expect(() => parseEnv({ ANNEAL_OPEN_READS: "maybe" })).toThrow(/ANNEAL_OPEN_READS/);
  });

  it("keeps ANNEAL_AUTH=auto working and says what to set instead of keys/open", () => {
    expect(parseEnv({ ANNEAL_AUTH: "auto" }).ANNEAL_MODE).toBe("local");
    expect(() => parseEnv({ ANNEAL_AUTH: "keys" })).toThrow(/ANNEAL_MODE=team/);
    expect(() => parseEnv({ ANNEAL_AUTH: "open" })).toThrow(/ANNEAL_OPEN_READS=1/);
  });

  it("wants OpenID Connect settings and the bootstrap admin complete", () => {
    expect(() => parseEnv({ ANNEAL_OIDC_ISSUER: "http://127.0.0.1:9000" })).toThrow(/together/);
    expect(() => parseEnv({ ANNEAL_ADMIN_EMAIL: "a@b.io" })).toThrow(/together/);
  });

  it("builds the public URL from HOST and PORT unless ANNEAL_PUBLIC_URL is set", () => {
    expect(publicUrl(parseEnv({ PORT: "3340" })).origin).toBe("http://127.0.0.1:3340");
    expect(publicUrl(parseEnv({ HOST: "::1", PORT: "80" })).origin).toBe("http://[::1]");
    expect(publicUrl(parseEnv({ ANNEAL_PUBLIC_URL: "https://anneal.example.com/" })).origin).toBe("https://anneal.example.com");
  });
});

describe("ANNEAL_TRUSTED_PROXIES", () => {
  it("trusts nobody by default and accepts loopback, addresses and CIDR blocks", () => {
    expect(parseEnv({}).ANNEAL_TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ ANNEAL_TRUSTED_PROXIES: "loopback, 10.0.0.0/8,fd00::/8, 192.0.2.1" }).ANNEAL_TRUSTED_PROXIES).toEqual([
      "loopback",
      "10.0.0.0/8",
      "fd00::/8",
      "192.0.2.1",
    ]);
  });

  it("stops on anything else, naming it", () => {
    expect(() => parseEnv({ ANNEAL_TRUSTED_PROXIES: "all" })).toThrow(/ANNEAL_TRUSTED_PROXIES: .*all/);
    expect(() => parseEnv({ ANNEAL_TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseEnv({ ANNEAL_TRUSTED_PROXIES: "proxy.lan" })).toThrow(/proxy\.lan/);
  });
});
