import "server-only";
import { LRUCache } from "lru-cache";

/**
 * API keys checked lately, by their hash: a logger sends its key with every request (MLflow's
 * client: every log-batch), and looking it up costs a rate-limit read and a key read per request.
 * An entry is served for less than KEY_CACHE_MS after it was read from the database. Revocation: a
 * key revoked through this process is forgotten at once (forgetKey); one revoked through another
 * app instance or by hand in the database keeps working here for less than KEY_CACHE_MS. Only valid
 * keys are kept; unknown ones are looked up (and counted toward the rate limit) every time.
 */
export const KEY_CACHE_MS = 5_000;

export interface CachedKey {
  id: number;
  projectId: number;
  scope: "read" | "write";
  lastUsedAt: Date | null;
}

const keys = new LRUCache<string, CachedKey>({
  max: 10_000,
  // lru-cache counts an entry stale once its age *exceeds* ttl; on Date.now's whole milliseconds
  // that is age ≥ KEY_CACHE_MS, the bound above.
  ttl: KEY_CACHE_MS - 1,
  // The wall clock, read at each check (not performance.now, nor a clock value lru-cache keeps for
  // ttlResolution ms): the revocation bound is stated, and tested, in Date.now's time.
  perf: { now: () => Date.now() },
  ttlResolution: 0,
});

/** The key with this hash if it was read less than KEY_CACHE_MS ago. */
export function cachedKey(hash: string): CachedKey | undefined {
  return keys.get(hash);
}

export function rememberKey(hash: string, key: CachedKey): void {
  keys.set(hash, key);
}

/** Forgets a key by id (it was revoked here). */
export function forgetKey(id: number): void {
  for (const [hash, k] of keys.entries()) if (k.id === id) keys.delete(hash);
}
