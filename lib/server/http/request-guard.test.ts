import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/server/env";
import { checkHost, checkOrigin, requireSameOriginProof } from "./request-guard";

const local = parseEnv({ PORT: "3000" });
const team = parseEnv({ ANNEAL_MODE: "team", HOST: "0.0.0.0", ANNEAL_PUBLIC_URL: "https://anneal.example.com", ANNEAL_ALLOWED_HOSTS: "10.0.0.7, Anneal.Lan" });
const req = (url: string, init: RequestInit & { host?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.host) headers.set("host", init.host);
  return new Request(url, { ...init, headers });
};

describe("Host allow-list (DNS rebinding)", () => {
  it("answers loopback names and refuses others in local mode", () => {
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "127.0.0.2"]) expect(checkHost(req("http://x/", { host }), local)).toBeNull();
    const refused = checkHost(req("http://x/", { host: "evil.example:3000" }), local);
    expect(refused?.status).toBe(421);
    expect(refused?.message).toMatch(/ANNEAL_ALLOWED_HOSTS/);
  });

  it("adds the public URL's host and ANNEAL_ALLOWED_HOSTS", () => {
    for (const host of ["anneal.example.com", "10.0.0.7:3000", "anneal.lan"]) expect(checkHost(req("http://x/", { host }), team)).toBeNull();
    expect(checkHost(req("http://x/", { host: "rebind.attacker.example" }), team)).not.toBeNull();
  });
});

describe("Origin check on state-changing requests", () => {
  const url = "http://127.0.0.1:3000/api/v1/runs";
  it("refuses a foreign or null Origin, and cross-site Fetch Metadata, for POST/PUT/PATCH/DELETE", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(checkOrigin(req(url, { method, headers: { origin: "https://evil.example" } }), local)?.status).toBe(403);
      expect(checkOrigin(req(url, { method, headers: { origin: "null" } }), local)?.status).toBe(403);
      expect(checkOrigin(req(url, { method, headers: { "sec-fetch-site": "cross-site" } }), local)?.status).toBe(403);
    }
  });

  it("lets same-origin browsers, scripts without Origin, and reads through", () => {
    expect(checkOrigin(req(url, { method: "POST", headers: { origin: "http://127.0.0.1:3000" } }), local)).toBeNull();
    expect(checkOrigin(req(url, { method: "POST" }), local)).toBeNull();
    expect(checkOrigin(req(url, { method: "GET", headers: { origin: "https://evil.example" } }), local)).toBeNull();
    expect(
      checkOrigin(
        req("http://anneal.example.com/api/v1/runs", { method: "POST", host: "anneal.example.com", headers: { origin: "https://anneal.example.com" } }),
        team,
      ),
    ).toBeNull();
  });

  it("requires proof of same origin for cookie-authenticated writes (CSRF)", () => {
    expect(() => requireSameOriginProof(req(url, { method: "POST" }), local)).toThrow(/Origin/);
    expect(() => requireSameOriginProof(req(url, { method: "POST", headers: { "sec-fetch-site": "same-origin" } }), local)).not.toThrow();
    expect(() => requireSameOriginProof(req(url, { method: "GET" }), local)).not.toThrow();
  });
});
