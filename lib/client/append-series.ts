import type { AppendedKeyPoints } from "@/lib/events/appended-points";
import type { DecodedSeries } from "@/lib/metrics/series-binary";
import type { WireNumber } from "@/lib/schemas/wire-number";
import { concatArrays } from "@/lib/typed-arrays";

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
 * A live chart takes appended raw points up to this many times the points it asked for; past it,
 * its whole range is read again, bucketed anew (both live charts: a run page's, the compare view's).
 */
export const DRAWN_BUDGET = 2;

/**
 * The rule both live charts (a run page's, the compare view's) join an incremental read with:
 * the read asked for the points after the last one shown, so its points at or before that x (a
 * rewrite racing the read, or a read of several runs from the earliest of their last points)
 * are dropped. Gives the index of the first point of `added` to append.
 */
function firstNew(shownX: ArrayLike<number>, addedX: ArrayLike<number>): number {
  const last = shownX.length ? shownX[shownX.length - 1] : -Infinity;
  let from = 0;
  while (from < addedX.length && addedX[from] <= last) from++;
  return from;
}

/** Full-resolution points in the appended part of `added` (a downsampled one counts its whole range). */
const addedCount = (added: { x: ArrayLike<number>; count: number; downsampled: boolean }, from: number) =>
  added.downsampled ? added.count : added.x.length - from;

/**
 * Appends the points logged after a chart's last x (fetched with from = last x + 1) to what it
 * shows, so a live chart asks for the new range only. Null when the result holds more than
 * `maxDrawn` points — time to re-read the whole range downsampled.
 */
export function appendSeries<N>(shown: WireSeriesLike<N>, added: WireSeriesLike<N>, maxDrawn: number): WireSeriesLike<N> | null {
  const from = firstNew(shown.x, added.x);
  if (from === added.x.length) return shown;
  if (shown.x.length + added.x.length - from > maxDrawn) return null;
  return {
    x: shown.x.concat(added.x.slice(from)),
    y: shown.y.concat(added.y.slice(from)),
    min: shown.min.concat(added.min.slice(from)),
    max: shown.max.concat(added.max.slice(from)),
    count: shown.count + addedCount(added, from),
    downsampled: shown.downsampled || added.downsampled,
  };
}

/**
 * The same for a compare chart's decoded series (float arrays). A downsampled series (bucket
 * means, ~a pixel each) takes the new raw points after its last bucket as they are, until the
 * result passes `maxDrawn` (then the whole range is re-read and bucketed anew). The envelope, sent
 * only where it shows, continues with the new points' own values (a raw point is its own min and
 * max). The server-smoothed line continues with the read's smoothed values: the server smooths a
 * range with the history before it, so a causal smoothing (EMA) read from the last point on is
 * the whole series' smoothing; the result's EMA state is `added`'s (the state at its last point,
 * from which the next appended points continue). Null also when the read's smoothing is missing
 * (still computing).
 */
export function appendDecoded(shown: DecodedSeries, added: DecodedSeries, maxDrawn: number): DecodedSeries | null {
  const from = firstNew(shown.x, added.x);
  if (from === added.x.length) return shown;
  if (shown.x.length + added.x.length - from > maxDrawn) return null;
  if (shown.smoothed && !added.smoothed) return null;
  const tail = (a: Float64Array | undefined, fallback: Float64Array) => (a ?? fallback).subarray(from);
  const join = (a: Float64Array, b: Float64Array) => concatArrays(Float64Array, [a, b]);
  const envelope = shown.min !== undefined || added.min !== undefined;
  return {
    x: join(shown.x, added.x.subarray(from)),
    y: join(shown.y, added.y.subarray(from)),
    min: envelope ? join(shown.min ?? shown.y, tail(added.min, added.y)) : undefined,
    max: envelope ? join(shown.max ?? shown.y, tail(added.max, added.y)) : undefined,
    smoothed: shown.smoothed && added.smoothed ? join(shown.smoothed, added.smoothed.subarray(from)) : undefined,
    // Still asked again for (the whole range) while the server computes its smoothing.
    smoothedPending: shown.smoothedPending,
    ema: added.ema,
    count: shown.count + addedCount(added, from),
    downsampled: shown.downsampled || added.downsampled,
  };
}

/**
 * How a live chart whose points are at `shownX` takes one key's points of a metrics.appended event
 * (both live charts: a run page's, the compare view's): "shown" when it has them already, "append"
 * when they follow its last point, null when they can't stand for a read of the new range — the
 * event carries none, the chart has no point yet to append to, or a gap (its last point is not the
 * key's last step before the event's points: an event missed, or a read not yet in).
 */
export function eventFit(shownX: ArrayLike<number>, points: AppendedKeyPoints | undefined): "shown" | "append" | null {
  if (shownX.length === 0 || !points || points.steps.length === 0) return null;
  const last = shownX[shownX.length - 1];
  if (last >= points.steps[points.steps.length - 1]) return "shown";
  return last === points.after ? "append" : null;
}

/** An event's points as the metrics API sends them at full resolution (min and max are the values), for appendSeries. */
export function eventSeries(points: AppendedKeyPoints): WireSeriesLike<WireNumber> {
  return { x: points.steps, y: points.values, min: points.values, max: points.values, count: points.steps.length, downsampled: false };
}
