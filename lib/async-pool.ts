/**
 * Runs tasks with at most `limit` in flight; the rest wait in order. A task still waiting when
 * its `signal` aborts leaves the queue and rejects with the signal's reason (it never starts).
 */
/** What a task rejects with when its signal aborted (the signal's reason, if it is an Error). */
const abortError = (signal: AbortSignal): Error => (signal.reason instanceof Error ? signal.reason : new DOMException("Aborted", "AbortError"));

export function createLimit(limit: number): <T>(task: () => Promise<T>, signal?: AbortSignal) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return <T>(task: () => Promise<T>, signal?: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        signal?.removeEventListener("abort", onAbort);
        active++;
        task().then(resolve, reject).finally(release);
      };
      const onAbort = () => {
        const i = waiting.indexOf(start);
        if (i >= 0) waiting.splice(i, 1);
        if (signal) reject(abortError(signal));
      };
      if (signal?.aborted) return reject(abortError(signal));
      if (active < limit) return start();
      waiting.push(start);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
}

/** `fn` over every item with at most `limit` calls in flight (as a browser does per origin); results in item order. */
export function pooled<I, R>(items: readonly I[], limit: number, fn: (item: I) => Promise<R>): Promise<R[]> {
  const run = createLimit(limit);
  return Promise.all(items.map((item) => run(() => fn(item))));
}
