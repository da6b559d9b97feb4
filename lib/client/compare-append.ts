import type { AppendedKeyPoints } from "@/lib/events/appended-points";
import { emaContinue } from "@/lib/charts/ema-state";
import { seriesUrl, type SeriesRequest } from "@/lib/compare/series-requests";
import { isRunError, type DecodedSeries, type RunEntry, type SeriesBatch } from "@/lib/metrics/series-binary";
import { fromWire } from "@/lib/schemas/wire-number";
import { appendDecoded, eventFit } from "./append-series";

/**
 * How a compare view's series read (one GET /api/v1/series of several runs) takes the points its
 * runs logged since it was answered, as metrics.appended events announce them: one read of only
 * the new range, for every announced run at once, appended to what is shown (see appendDecoded).
 * Pure: the view's live hook gathers the events, asks this, fetches and merges.
 */

/** Runs that logged since the last read, with the keys each logged (metrics.appended's runId, keys). */
export type Announced = ReadonlyMap<string, ReadonlySet<string>>;

export type AppendedRead =
  /** Nothing shown here changed (no announced run, or none of its keys, is in this read). */
  | { kind: "none" }
  /** Read the whole range again (the incremental rule can't keep the drawn result right). */
  | { kind: "whole" }
  /** Read this URL: the announced runs and keys, from the earliest of their last points on. */
  | { kind: "read"; url: string };

/**
 * Server smoothings whose value at a point depends on later points: an appended point changes
 * the smoothed line before it, so their reads are re-read whole. EMAs look back only.
 */
const LOOK_AHEAD = new Set(["gaussian", "running"]);

/**
 * The incremental read of `request` (whose answer `shown` is drawn) for the `announced` runs: the
 * same parameters (axis, zoom's end, smoothing, points), only those runs and keys, from the step
 * after the earliest last point among them (a run ahead gets its few shown points again, dropped
 * on merge). On the step axis only: epoch and time x come from a step mapping that new points
 * change. Whole when a run or key has no point shown yet (its first points: nothing to append to).
 */
export function appendedRead(request: SeriesRequest, shown: SeriesBatch<DecodedSeries>, announced: Announced): AppendedRead {
  const q = request.query;
  const runs = request.runs.filter((id) => q.keys.some((k) => announced.get(id)?.has(k)));
  if (runs.length === 0) return { kind: "none" };
  if (q.x !== "step" || LOOK_AHEAD.has((q.smooth ?? "").split(":")[0])) return { kind: "whole" };
  let from = Infinity;
  const keys = new Set<string>();
  for (const id of runs) {
    const entry: RunEntry<DecodedSeries> | undefined = shown.runs[id];
    if (!entry || isRunError(entry)) return { kind: "whole" };
    for (const key of q.keys) {
      if (!announced.get(id)?.has(key)) continue;
      const s = entry[key];
      if (!s || s.x.length === 0) return { kind: "whole" };
      from = Math.min(from, s.x[s.x.length - 1] + 1);
      keys.add(key);
    }
  }
  if (q.from !== null) from = Math.max(from, q.from);
  if (q.to !== null && from > q.to) return { kind: "none" };
  return { kind: "read", url: seriesUrl(runs, { ...q, keys: [...keys].sort(), from }) };
}

/**
 * `shown` with the incremental read's points appended to each series it holds; null when the
 * result can't stand for the whole read (a run or key the read has and `shown` lacks, another
 * axis, a series past `maxDrawn`, smoothing still computing): re-read it whole.
 */
export function mergeAppended(shown: SeriesBatch<DecodedSeries>, added: SeriesBatch<DecodedSeries>, maxDrawn: number): SeriesBatch<DecodedSeries> | null {
  if (added.x !== shown.x) return null;
  const runs = { ...shown.runs };
  for (const [id, entry] of Object.entries(added.runs)) {
    const before = shown.runs[id];
    if (!before || isRunError(before) || isRunError(entry)) return null;
    const next: Record<string, DecodedSeries> = { ...before };
    for (const [key, s] of Object.entries(entry)) {
      const merged = before[key] ? appendDecoded(before[key], s, maxDrawn) : null;
      if (!merged) return null;
      next[key] = merged;
    }
    runs[id] = next;
  }
  return { x: shown.x, runs };
}

/** What appendFromEvent reads of a metrics.appended event. */
export interface AppendedEvent {
  runId: string;
  keys: readonly string[];
  points?: Readonly<Record<string, AppendedKeyPoints>>;
}

/**
 * `shown` (the answer to `request`) with the points a metrics.appended event carries appended: no
 * read at all. `shown` itself when the event adds nothing here (another run, other keys, points
 * already shown). A smoothed line continues from the EMA state the server sent with the series
 * (lib/charts/ema-state.ts): the values a read would send for those points. Null when the event
 * can't stand for the range read, which the caller then makes (appendedRead): the event carries
 * no points (a large batch, or a write that was not a plain append); the read is zoomed or not on
 * the step axis; it is smoothed and a series came without an EMA state (another smoothing, or a
 * downsampled read whose last point the server didn't read raw); a series has no point shown yet;
 * a gap (the series' last point is not the key's last step before the event's points: an event
 * missed, or a read not yet in); or the drawn budget is passed (see appendDecoded).
 */
export function appendFromEvent(
  request: SeriesRequest,
  shown: SeriesBatch<DecodedSeries>,
  event: AppendedEvent,
  maxDrawn: number,
): SeriesBatch<DecodedSeries> | null {
  if (!request.runs.includes(event.runId)) return shown;
  const q = request.query;
  const keys = q.keys.filter((k) => event.keys.includes(k));
  if (keys.length === 0) return shown;
  if (!event.points || q.x !== "step" || q.from !== null || q.to !== null) return null;
  const entry = shown.runs[event.runId];
  if (!entry || isRunError(entry)) return null;
  const next: Record<string, DecodedSeries> = { ...entry };
  let changed = false;
  for (const key of keys) {
    const s = entry[key];
    const p = event.points[key];
    if (!s) return null;
    if (q.smooth !== null && (!s.ema || !s.smoothed)) return null;
    const fit = eventFit(s.x, p);
    if (fit === "shown") continue;
    if (fit === null || !p) return null;
    const y = Float64Array.from(p.values, fromWire);
    const ema = s.ema && q.smooth !== null ? { ...s.ema } : undefined;
    const added: DecodedSeries = {
      x: Float64Array.from(p.steps),
      y,
      smoothed: ema && emaContinue(ema, y),
      ema,
      count: p.steps.length,
      downsampled: false,
    };
    const merged = appendDecoded(s, added, maxDrawn);
    if (!merged) return null;
    next[key] = merged;
    changed = true;
  }
  return changed ? { x: shown.x, runs: { ...shown.runs, [event.runId]: next } } : shown;
}
