/**
 * The little concurrency the read path needs beyond lru-cache's single-flight fetches: work nobody
 * waits for, run one job at a time, and a budget of points read at full resolution at once.
 */

import "server-only";

/**
 * Jobs run one after another, each key queued at most once: this process answers every request,
 * and sixty million-point builds started at once would hold up a zoom until the last one is done.
 * A job's failure is logged; a request that needs its result computes it (and reports the error).
 */
export class BackgroundQueue {
  private readonly queued = new Set<string>();
  private tail: Promise<void> = Promise.resolve();

  enqueue(key: string, job: () => Promise<unknown>): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.tail = this.tail.then(() =>
      job().then(
        () => void this.queued.delete(key),
        (err: unknown) => {
          this.queued.delete(key);
          console.error("[anneal] background job failed:", key, err);
        },
      ),
    );
  }

  /** Resolves once every job queued so far has run (tests). */
  idle(): Promise<void> {
    return this.tail;
  }
}

/**
 * Reads share a budget of points in flight: a page of 20 runs would otherwise hold every key's
 * megabytes of decoded points at once, with no gain (the database and this process are the
 * bottleneck), while small reads (a zoom's edges) still go at once. One read alone always goes, however big.
 */
export class PointBudget {
  private inFlight = 0;
  private waiting: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  async run<T>(points: number, fn: () => Promise<T>): Promise<T> {
    while (this.inFlight > 0 && this.inFlight + points > this.capacity) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight += points;
    try {
      return await fn();
    } finally {
      this.inFlight -= points;
      const wake = this.waiting;
      this.waiting = [];
      for (const resolve of wake) resolve();
    }
  }
}
