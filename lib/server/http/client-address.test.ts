import { describe, expect, it } from "vitest";
import { resolveClientAddress, trustedProxies, withPeerAddress } from "./client-address";

describe("resolveClientAddress", () => {
  const none = trustedProxies([]);
  const loopback = trustedProxies(["loopback"]);
  const lan = trustedProxies(["loopback", "10.0.0.0/8", "fd00::/8"]);

  it.each([
    // [trust, peer, X-Forwarded-For, client]
    ["nobody trusted: the socket, whatever the header says", none, "127.0.0.1", "203.0.113.5", "127.0.0.1"],
    ["a client that is not a proxy cannot pick its address", loopback, "198.51.100.7", "203.0.113.5", "198.51.100.7"],
    ["a trusted proxy's word", loopback, "127.0.0.1", "203.0.113.5", "203.0.113.5"],
    ["only what our proxy appended: the client wrote the left part", loopback, "127.0.0.1", "1.2.3.4, 203.0.113.5", "203.0.113.5"],
    ["through two trusted proxies", lan, "127.0.0.1", "6.6.6.6, 203.0.113.5, 10.1.2.3", "203.0.113.5"],
    ["a trusted proxy that sent no header is the client", loopback, "127.0.0.1", null, "127.0.0.1"],
    ["IPv4 on a dual-stack socket", none, "::ffff:198.51.100.7", null, "198.51.100.7"],
    ["IPv6 proxies", lan, "fd00::1", "2001:db8::7", "2001:db8::7"],
    ["garbage from the proxy: the last address it named", loopback, "127.0.0.1", "not-an-ip", "127.0.0.1"],
  ])("%s", (_what, trust, peer, forwarded, client) => {
    expect(resolveClientAddress(peer, forwarded, trust)).toBe(client);
  });

  it("is 'unknown' outside a captured request", () => {
    expect(resolveClientAddress(undefined, "203.0.113.5", loopback)).toBe("unknown");
  });
});

describe("withPeerAddress", () => {
  it("carries the address through awaits", async () => {
    const { clientAddress } = await import("./client-address");
    const seen = await withPeerAddress("::ffff:192.0.2.4", async () => {
      await new Promise((r) => setTimeout(r, 1));
      return clientAddress(new Request("http://127.0.0.1/", { headers: { "x-forwarded-for": "203.0.113.1" } }));
    });
    expect(seen).toBe("192.0.2.4");
  });
});
