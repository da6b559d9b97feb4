import { gzipSync } from "node:zlib";
import { randomBytes } from "node:crypto";
import { withPeerAddress } from "@/lib/server/http/client-address";

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  body?: unknown;
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  gzip?: boolean;
  /** The TCP peer's address, as the HTTP server records it (lib/server/http/client-address.ts). */
  peer?: string;
}

/** Calls a route handler with a real Request, as Next.js would, and parses the JSON answer. */
export async function call(handler: Handler, method: string, path: string, opts: CallOptions = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody as BodyInit;
  else if (opts.body !== undefined) {
    headers["content-type"] ??= "application/json";
    const json = JSON.stringify(opts.body);
    if (opts.gzip) {
      headers["content-encoding"] = "gzip";
      body = gzipSync(json);
    } else body = json;
  }
  const run = () => handler(new Request(`http://127.0.0.1:3000${path}`, { method, headers, body }), { params: Promise.resolve(opts.params ?? {}) });
  return answerOf(await (opts.peer ? withPeerAddress(opts.peer, run) : run()));
}

/** A route's answer as tests read it: status, headers, the text and its JSON (null when it is none). */
export async function answerOf(res: Response) {
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** A unique slug per test, so tests never share data. */
export function uniqueSlug(prefix = "t"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}
