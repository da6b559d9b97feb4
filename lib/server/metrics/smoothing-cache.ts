import type { ChunkedBlocks } from "@/lib/metrics/smoothed-blocks";
import { env } from "@/lib/server/env";

/** A key's full-range smoothed series as block summaries (64 points per block and up), and the data version it was computed from. */
export interface CachedSmoothing {
  version: string;
  blocks: ChunkedBlocks;
}

/** Least-recently-used map bounded by the bytes its values hold (Map keeps insertion order: oldest first). */
export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private used = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    for (const [oldest, e] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= e.bytes;
    }
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.used -= e.bytes;
  }

  get bytes(): number {
    return this.used;
  }
}

let shared: ByteLru<CachedSmoothing> | undefined;

/** The process-wide cache, ANNEAL_SMOOTHING_CACHE_MB big (1M points cost ~1.8 MB per smoothing). */
export function smoothingCache(): ByteLru<CachedSmoothing> {
  return (shared ??= new ByteLru(env().ANNEAL_SMOOTHING_CACHE_MB * 2 ** 20));
}

export function cachedBytes(c: CachedSmoothing): number {
  // The maps of chunk offsets and the version string are small next to the records.
  return c.blocks.levels.reduce((sum, l) => sum + l.blocks.byteLength + l.firstBlock.size * 64, 0) + c.version.length * 2;
}
