/**
 * A map bounded by the total weight of its entries (1 each unless given, e.g. bytes) that forgets
 * the least recently used entries first. For results derived from a run's data, key them with the
 * run's last activity (or a data version) so a run that logs again is recomputed.
 */
export class Lru<V> {
  // A Map keeps insertion order: re-inserting on use keeps the oldest first.
  private readonly entries = new Map<string, { value: V; weight: number }>();
  private used = 0;

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** Stores the value (never one heavier than the whole capacity), then evicts down to capacity. */
  set(key: string, value: V, weight = 1): void {
    this.delete(key);
    if (weight > this.capacity) return;
    this.entries.set(key, { value, weight });
    this.used += weight;
    for (const [oldest, e] of this.entries) {
      if (this.used <= this.capacity) break;
      this.entries.delete(oldest);
      this.used -= e.weight;
    }
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.used -= e.weight;
  }

  /** The total weight held. */
  get weight(): number {
    return this.used;
  }

  /** The cached value, or `compute()` stored under `key`. */
  async getOrCompute(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const v = await compute();
    this.set(key, v);
    return v;
  }
}
