import "server-only";
import { LRUCache } from "lru-cache";

/**
 * A bounded cache of computed results on lru-cache: concurrent misses of one key share one
 * computation (its fetchMethod is single-flight), the least recently used entries go first, and
 * entries weigh 1 each (`max`) or what `sizeOf` says (`maxSize`, e.g. bytes). For results derived
 * from a run, put its version (lib/server/runs/run-version.ts) or its series' data version in the
 * key, so a run that logs again, or is edited, is recomputed.
 */
export class MemoCache<V extends object> {
  private readonly cache: LRUCache<string, V, () => Promise<V>>;

  constructor(opts: { max: number } | { maxSize: number; sizeOf: (v: V) => number }) {
    this.cache = new LRUCache<string, V, () => Promise<V>>({
      ...("max" in opts ? { max: opts.max } : { maxSize: opts.maxSize, sizeCalculation: (v) => Math.max(1, opts.sizeOf(v)) }),
      // Entries bigger than the whole cache are computed and returned, not kept.
      fetchMethod: (_key, _stale, { context }) => context(),
    });
  }

  /** The cached value, or compute() — shared with any computation of the same key in flight. */
  async getOrCompute(key: string, compute: () => Promise<V>): Promise<V> {
    const v = await this.cache.fetch(key, { context: compute });
    if (v === undefined) throw new Error(`no value computed for ${key}`);
    return v;
  }

  /** Keeps a value computed elsewhere (e.g. many entries' values in one batch, after peek() found them missing). */
  set(key: string, value: V): void {
    this.cache.set(key, value);
  }

  /** The cached value, without computing it. */
  peek(key: string): V | undefined {
    return this.cache.get(key);
  }

  /** The total weight held. */
  get size(): number {
    return this.cache.calculatedSize;
  }
}
