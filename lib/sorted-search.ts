/** Binary searches over ascending numeric arrays (steps, x values), for the server's reads and the charts alike. */

/** First index whose value is ≥ `value` in an ascending array (length if none). */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  return firstIndexWhere(sorted, (v) => v >= value);
}

/** First index whose value is > `value` in an ascending array (length if none). */
export function upperBound(sorted: ArrayLike<number>, value: number): number {
  return firstIndexWhere(sorted, (v) => v > value);
}

/**
 * Binary search in [lo, hi) for the first element meeting `test`, which must be false then true
 * along the array (hi if none).
 */
export function firstIndexWhere(sorted: ArrayLike<number>, test: (v: number) => boolean, lo = 0, hi = sorted.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(sorted[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
