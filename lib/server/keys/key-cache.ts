import "server-only";
import { LRUCache } from "lru-cache";

/**
 * API keys checked lately, by their hash: a logger sends its key with every request (MLflow's
 * client: every log-batch), and looking it up costs a rate-limit read and a key read per request.
 * An entry lives KEY_CACHE_MS. Revocation: a key revoked through this process is forgotten at once
 * (forgetKey); one revoked through another app instance or by hand in the database keeps working
 * here for at most KEY_CACHE_MS. Only valid keys are kept; unknown ones are looked up (and counted
 * toward the rate limit) every time.
 */
export const KEY_CACHE_MS = 5_000;

export interface CachedKey {
  id: number;
  projectId: number;
  scope: "read" | "write";
  lastUsedAt: Date | null;
  /** When it was read from the database (Date.now()). */
  at: number;
}

const keys = new LRUCache<string, CachedKey>({ max: 10_000 });

/** The key with this hash if it was read less than KEY_CACHE_MS ago. */
export function cachedKey(hash: string): CachedKey | undefined {
  const hit = keys.get(hash);
  if (hit && Date.now() - hit.at < KEY_CACHE_MS) return hit;
  if (hit) keys.delete(hash);
  return undefined;
}

export function rememberKey(hash: string, key: CachedKey): void {
  keys.set(hash, key);
}

/** Forgets a key by id (it was revoked here). */
export function forgetKey(id: number): void {
  for (const [hash, k] of keys.entries()) if (k.id === id) keys.delete(hash);
}
