import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import net from "node:net";
import { env } from "@/lib/server/env";

/**
 * Who is on the other end of the TCP connection. Next.js hands route handlers a Request without
 * the socket, and it fills `X-Forwarded-For` from the socket only when the client sent none — so
 * that header alone cannot tell a proxy's word from a client's lie. The server process records
 * each request's socket address here (capturePeerAddresses, from instrumentation.ts), and
 * clientAddress believes `X-Forwarded-For` only as far as ANNEAL_TRUSTED_PROXIES says.
 *
 * The store lives on globalThis: instrumentation and route handlers are separate bundles.
 */
const STORE = Symbol.for("anneal.peerAddress");
type Peer = { address: string };
const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<Peer> | undefined>;
const peers = (g[STORE] ??= new AsyncLocalStorage<Peer>());

/** Runs `fn` as the handling of a request from `address` (the HTTP server's hook; in-process tests). */
export function withPeerAddress<T>(address: string, fn: () => T): T {
  return peers.run({ address: normalize(address) }, fn);
}

const CAPTURED = Symbol.for("anneal.peerAddress.captured");

/**
 * Wraps every HTTP(S) server's "request" event of this process in withPeerAddress, so the handling
 * of a request (Next.js included, down to the route handler) knows the socket's address.
 */
export function capturePeerAddresses(): void {
  const proto = net.Server.prototype as unknown as Record<symbol, boolean> & { emit: (event: string | symbol, ...args: unknown[]) => boolean };
  if (proto[CAPTURED]) return;
  proto[CAPTURED] = true;
  const emit = proto.emit;
  proto.emit = function (this: net.Server, event, ...args) {
    const req = args[0] as { socket?: net.Socket } | undefined;
    if (event === "request" && req?.socket) return withPeerAddress(req.socket.remoteAddress ?? "", () => emit.call(this, event, ...args));
    return emit.call(this, event, ...args);
  };
}

/** `::ffff:10.1.2.3` (an IPv4 client on a dual-stack socket) is 10.1.2.3. */
function normalize(address: string): string {
  const a = address.trim().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? mapped[1] : a;
}

/** A parsed ANNEAL_TRUSTED_PROXIES: addresses whose X-Forwarded-For is believed. */
export function trustedProxies(entries: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const entry of entries) {
    if (entry === "none") continue;
    if (entry === "loopback") {
      list.addSubnet("127.0.0.0", 8, "ipv4");
      list.addAddress("::1", "ipv6");
      continue;
    }
    const [ip, bits] = entry.split("/");
    const type = net.isIPv6(ip) ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(bits), type);
  }
  return list;
}

function isTrusted(list: net.BlockList, address: string): boolean {
  const type = net.isIP(address);
  return type !== 0 && list.check(address, type === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address: the socket's, unless that is a trusted proxy; then X-Forwarded-For is read
 * from the right (what the nearest proxy appended) past further trusted proxies, and the first
 * address no proxy of ours vouches for is the client. Anything to the left of it was written by
 * the client and is ignored. "unknown" when the request did not come through a captured server.
 */
export function resolveClientAddress(peer: string | undefined, forwardedFor: string | null, trusted: net.BlockList): string {
  if (!peer) return "unknown";
  let client = normalize(peer);
  if (!isTrusted(trusted, client)) return client;
  const hops = (forwardedFor ?? "").split(",").map(normalize).filter(Boolean);
  while (hops.length > 0 && isTrusted(trusted, client)) {
    const next = hops.pop()!;
    if (!net.isIP(next)) break; // garbage from a misconfigured proxy: stop at the last address we can name
    client = next;
  }
  return client;
}

let cachedList: { source: readonly string[]; list: net.BlockList } | undefined;

/** The address rate limits, sessions and the audit log attribute a request to. */
export function clientAddress(request: Request): string {
  const source = env().ANNEAL_TRUSTED_PROXIES;
  if (cachedList?.source !== source) cachedList = { source, list: trustedProxies(source) };
  return resolveClientAddress(peers.getStore()?.address, request.headers.get("x-forwarded-for"), cachedList.list);
}
