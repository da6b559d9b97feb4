import "server-only";
import { ApiError } from "@/lib/server/api/errors";
import { env, isLoopbackHost, publicUrl, type Env } from "@/lib/server/env";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isStateChanging(method: string): boolean {
  return STATE_CHANGING.has(method.toUpperCase());
}

/** The request's Host header (or its URL's host when a test builds a Request without one). */
function requestHost(request: Request): string {
  return (request.headers.get("host") ?? new URL(request.url).host).toLowerCase();
}

function hostname(host: string): string {
  // "[::1]:3000" → "[::1]", "example.com:3000" → "example.com"
  const m = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host);
  return m ? m[1] : host;
}

/** Names this server answers to: loopback, its public URL's host, a specific bind address, ANNEAL_ALLOWED_HOSTS. */
export function isAllowedHost(host: string, e: Env = env()): boolean {
  const name = hostname(host.toLowerCase());
  if (isLoopbackHost(name)) return true;
  if (name === publicUrl(e).hostname.toLowerCase()) return true;
  if (e.HOST !== "0.0.0.0" && e.HOST !== "::" && name === hostname(e.HOST.toLowerCase())) return true;
  return e.ANNEAL_ALLOWED_HOSTS.some((h) => h === name || h === host.toLowerCase());
}

/**
 * DNS rebinding: a page on evil.example that re-points its name at 127.0.0.1 reaches this server
 * with `Host: evil.example`. Only names the server is configured for are answered.
 */
export function checkHost(request: Request, e: Env = env()): ApiError | null {
  const host = requestHost(request);
  if (isAllowedHost(host, e)) return null;
  return new ApiError(
    "misdirected_request",
    `Host '${host}' is not one this server answers to. Add it to ANNEAL_ALLOWED_HOSTS (or set ANNEAL_PUBLIC_URL) if it is yours.`,
  );
}

/**
 * A browser that sends a state-changing request from another site says so (Origin, or Sec-Fetch-Site
 * where Origin is absent): refuse it before anything is read or written. Requests without either
 * header (scripts, curl, the Python client) are not browser cross-site requests and pass.
 */
export function checkOrigin(request: Request, e: Env = env()): ApiError | null {
  if (!isStateChanging(request.method)) return null;
  const origin = request.headers.get("origin");
  if (origin !== null) return isOwnOrigin(origin, request, e) ? null : crossOrigin(origin);
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return crossOrigin(`a ${site} page`);
  return null;
}

/**
 * CSRF for cookie sessions: a cookie rides along on any request the browser makes, so a
 * state-changing request authenticated by one must also prove it comes from our own pages
 * (a matching Origin, or Sec-Fetch-Site: same-origin). With SameSite=Lax this closes the rest.
 */
export function requireSameOriginProof(request: Request, e: Env = env()): void {
  if (!isStateChanging(request.method)) return;
  const origin = request.headers.get("origin");
  if (origin !== null && isOwnOrigin(origin, request, e)) return;
  if (origin === null && request.headers.get("sec-fetch-site") === "same-origin") return;
  throw new ApiError("permission_denied", "A signed-in browser request must come from Anneal's own pages (Origin header missing or foreign)", [
    { path: "headers.origin", message: "missing or not this server" },
  ]);
}

function isOwnOrigin(origin: string, request: Request, e: Env): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  return url.host.toLowerCase() === requestHost(request) || url.origin === publicUrl(e).origin;
}

function crossOrigin(from: string): ApiError {
  return new ApiError("permission_denied", `Cross-origin request refused (from ${from}): state-changing requests must come from Anneal's own pages`, [
    { path: "headers.origin", message: "not this server" },
  ]);
}
