import type { ChunkedBlocks } from "@/lib/metrics/smoothed-blocks";
import { Lru } from "@/lib/server/cache/lru";
import { env } from "@/lib/server/env";

/** A key's full-range smoothed series as block summaries (64 points per block and up), and the data version it was computed from. */
export interface CachedSmoothing {
  version: string;
  blocks: ChunkedBlocks;
}

let shared: Lru<CachedSmoothing> | undefined;

/** The process-wide cache, ANNEAL_SMOOTHING_CACHE_MB big (1M points cost ~1.8 MB per smoothing); entries weigh their bytes. */
export function smoothingCache(): Lru<CachedSmoothing> {
  return (shared ??= new Lru(env().ANNEAL_SMOOTHING_CACHE_MB * 2 ** 20));
}

export function cachedBytes(c: CachedSmoothing): number {
  // The maps of chunk offsets and the version string are small next to the records.
  return c.blocks.levels.reduce((sum, l) => sum + l.blocks.byteLength + l.firstBlock.size * 64, 0) + c.version.length * 2;
}
