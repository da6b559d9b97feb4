import { invalidParam } from "./errors";

/** Opaque paging tokens for search and history endpoints: an offset, base64url-encoded. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

export function decodePageToken(token: string | undefined): number {
  if (!token) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString()) as { offset?: unknown };
    if (typeof parsed.offset === "number" && Number.isSafeInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // fall through: the same error for every malformed token
  }
  throw invalidParam(`Invalid page token '${token.slice(0, 40)}': pass next_page_token from a previous response`);
}

/** max_results bounded as MLflow bounds it: a default, and an error (not a silent cut) above the maximum. */
export function maxResults(value: number | undefined, fallback: number, max: number, field = "max_results"): number {
  if (value === undefined) return fallback;
  if (value < 1 || value > max) throw invalidParam(`Invalid value ${value} for parameter '${field}': must be between 1 and ${max}`);
  return value;
}
