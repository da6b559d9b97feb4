/** A chart series as the metrics API sends it (JSON form). */
export interface WireSeriesLike<N> {
  x: number[];
  y: N[];
  min: (N | null)[];
  max: (N | null)[];
  count: number;
  downsampled: boolean;
}

/**
 * Appends the points logged after a chart's last x (fetched with from = last x + 1) to what it
 * shows, so a live chart asks for the new range only. Points at or before the last x (a rewrite
 * racing the fetch) are dropped; null when the result holds more than `maxDrawn` points — time to
 * re-read the whole range downsampled.
 */
export function appendSeries<N>(shown: WireSeriesLike<N>, added: WireSeriesLike<N>, maxDrawn: number): WireSeriesLike<N> | null {
  const last = shown.x.length ? shown.x[shown.x.length - 1] : -Infinity;
  let from = 0;
  while (from < added.x.length && added.x[from] <= last) from++;
  if (from === added.x.length) return shown;
  if (shown.x.length + added.x.length - from > maxDrawn) return null;
  return {
    x: shown.x.concat(added.x.slice(from)),
    y: shown.y.concat(added.y.slice(from)),
    min: shown.min.concat(added.min.slice(from)),
    max: shown.max.concat(added.max.slice(from)),
    count: shown.count + (added.downsampled ? added.count : added.x.length - from),
    downsampled: shown.downsampled || added.downsampled,
  };
}
