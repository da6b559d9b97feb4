import "server-only";
import { gunzipSync } from "node:zlib";
import { ApiError } from "./errors";

/** Largest metric batch accepted, after gzip decompression (a million-point batch fits). */
export const MAX_BATCH_BYTES = 256 * 1024 * 1024;
/** Largest JSON body of every other route (runs, projects, members, sign-in…). */
export const DEFAULT_MAX_JSON_BYTES = 1024 * 1024;

/**
 * Reads a JSON body (optionally gzip-encoded) with a size cap; malformed input is a 400, never a 500.
 * `anyContentType` parses the body as JSON whatever its declared type (MLflow's server does: its
 * clients and curl examples don't always declare one).
 */
export async function readJsonBody(request: Request, maxBytes: number, opts: { anyContentType?: boolean } = {}): Promise<unknown> {
  return parseJsonBytes(await readBodyBytes(request, maxBytes, opts));
}

/** A body's bytes, as readJsonBody reads them (content type, size cap, gzip), for a caller that reads the JSON itself. */
export async function readBodyBytes(request: Request, maxBytes: number, opts: { anyContentType?: boolean } = {}): Promise<Uint8Array> {
  const type = request.headers.get("content-type") ?? "";
  if (!opts.anyContentType && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", `Expected Content-Type: application/json, got '${type || "none"}'`);
  }
  const bytes = await readCapped(request, maxBytes);
  const encoding = (request.headers.get("content-encoding") ?? "identity").toLowerCase();
  if (encoding === "gzip") {
    try {
      return gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(maxBytes);
      throw new ApiError("invalid_argument", "Body is not valid gzip data");
    }
  } else if (encoding !== "identity") {
    throw new ApiError("unsupported_media_type", `Content-Encoding '${encoding}' is not supported (use gzip or none)`);
  }
  return bytes;
}

/** JSON from a body's bytes (UTF-8); malformed input is a 400. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError("invalid_argument", `Malformed JSON: ${(err as Error).message}`, [{ path: "", message: "body is not valid JSON" }]);
  }
}

async function readCapped(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    parts.push(value);
  }
  return Buffer.concat(parts, total);
}

function tooLarge(maxBytes: number): ApiError {
  const size = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MiB` : `${Math.round(maxBytes / 1024)} KiB`;
  return new ApiError("payload_too_large", `Request body exceeds ${size}; send smaller requests`, [{ path: "body", message: `limit ${maxBytes} bytes` }]);
}
