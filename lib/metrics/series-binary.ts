/**
 * The compact form of a many-run series read (`GET /api/v1/series?format=binary`): a JSON header
 * saying what follows, then every array as little-endian float64. For the compare view's 20 runs
 * × 3 keys × thousands of points this is half the JSON's bytes, needs no number formatting or
 * parsing on either side, keeps NaN and ±Inf as themselves, and decodes into zero-copy views.
 *
 *   uint32 LE  header length H
 *   H bytes    UTF-8 JSON: { x, runs: { [runId]: { error } | { [key]: { n, count, downsampled, fields, smoothedPending? } } } }
 *   padding    to a multiple of 8 bytes
 *   float64[]  for each run, key and field in header order: n values
 */

export const SERIES_BINARY_TYPE = "application/vnd.anneal.series+octet-stream";

export interface NumericSeries {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** A bucket's finite extremes (NaN where it has none); absent when the series is not downsampled. */
  min?: ArrayLike<number>;
  max?: ArrayLike<number>;
  /** The full-resolution smoothed series, bucketed like y (present when smoothing was asked for). */
  smoothed?: ArrayLike<number>;
  /** Smoothing asked for and still being computed (smoothWait=false). */
  smoothedPending?: boolean;
  count: number;
  downsampled: boolean;
}

export interface DecodedSeries {
  x: Float64Array;
  y: Float64Array;
  min?: Float64Array;
  max?: Float64Array;
  smoothed?: Float64Array;
  smoothedPending?: boolean;
  count: number;
  downsampled: boolean;
}

export type RunEntry<S> = Record<string, S> | { error: { code: string; message: string } };

export interface SeriesBatch<S> {
  x: string;
  runs: Record<string, RunEntry<S>>;
}

const FIELDS = ["x", "y", "min", "max", "smoothed"] as const;
type Field = (typeof FIELDS)[number];

interface KeyHeader {
  n: number;
  count: number;
  downsampled: boolean;
  fields: Field[];
  smoothedPending?: true;
}

export function isRunError<S>(entry: RunEntry<S>): entry is { error: { code: string; message: string } } {
  const e = (entry as { error?: unknown }).error;
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export function encodeSeriesBatch(batch: SeriesBatch<NumericSeries>): Uint8Array<ArrayBuffer> {
  const runs: Record<string, RunEntry<KeyHeader>> = {};
  const arrays: ArrayLike<number>[] = [];
  for (const [runId, entry] of Object.entries(batch.runs)) {
    if (isRunError(entry)) {
      runs[runId] = entry;
      continue;
    }
    const keys: Record<string, KeyHeader> = {};
    for (const [key, s] of Object.entries(entry)) {
      const fields = FIELDS.filter((f) => s[f] !== undefined);
      keys[key] = { n: s.x.length, count: s.count, downsampled: s.downsampled, fields, ...(s.smoothedPending ? { smoothedPending: true as const } : {}) };
      for (const f of fields) arrays.push(s[f]!);
    }
    runs[runId] = keys;
  }
  const header = new TextEncoder().encode(JSON.stringify({ x: batch.x, runs }));
  const start = align8(4 + header.length);
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const out = new Uint8Array(start + total * 8);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  const values = new Float64Array(out.buffer, start, total);
  let at = 0;
  for (const a of arrays) {
    values.set(a, at);
    at += a.length;
  }
  return out;
}

export function decodeSeriesBatch(buffer: ArrayBuffer): SeriesBatch<DecodedSeries> {
  const headerLength = new DataView(buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, headerLength))) as SeriesBatch<KeyHeader>;
  let at = align8(4 + headerLength);
  const runs: Record<string, RunEntry<DecodedSeries>> = {};
  for (const [runId, entry] of Object.entries(header.runs)) {
    if (isRunError(entry)) {
      runs[runId] = entry;
      continue;
    }
    const keys: Record<string, DecodedSeries> = {};
    for (const [key, h] of Object.entries(entry)) {
      const s: Partial<Record<Field, Float64Array>> = {};
      for (const f of h.fields) {
        s[f] = new Float64Array(buffer, at, h.n);
        at += h.n * 8;
      }
      keys[key] = {
        x: s.x!,
        y: s.y!,
        min: s.min,
        max: s.max,
        smoothed: s.smoothed,
        smoothedPending: h.smoothedPending,
        count: h.count,
        downsampled: h.downsampled,
      };
    }
    runs[runId] = keys;
  }
  return { x: header.x, runs };
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
