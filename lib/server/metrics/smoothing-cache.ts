import "server-only";
import { MemoCache } from "@/lib/server/cache/memo-cache";
import { env } from "@/lib/server/env";

/** A series' whole-range smoothing (any but the stored one) as each chunk's block sums per level, keyed by its first step. */
export interface CachedSmoothing {
  sums: Map<number, Float64Array[]>;
}

let shared: MemoCache<CachedSmoothing> | undefined;

/**
 * The process-wide cache, ANNEAL_SMOOTHING_CACHE_MB big (1M points cost ~0.17 MB per smoothing);
 * entries weigh their bytes and are keyed by the data's version, so a rewrite is never served stale.
 */
export function smoothingCache(): MemoCache<CachedSmoothing> {
  return (shared ??= new MemoCache({ maxSize: env().ANNEAL_SMOOTHING_CACHE_MB * 2 ** 20, sizeOf: cachedBytes }));
}

function cachedBytes(c: CachedSmoothing): number {
  let bytes = 0;
  for (const levels of c.sums.values()) for (const l of levels) bytes += l.byteLength + 64;
  return bytes;
}
