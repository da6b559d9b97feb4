import type { EmaState } from "@/lib/charts/ema-state";
import { concatArrays } from "@/lib/typed-arrays";

/**
 * The compact form of a many-run series read (`GET /api/v1/series?format=binary`), what the
 * compare view asks for: only what the chart's pixels can show.
 * - A downsampled series (one value per bucket, ~a pixel wide) sends y, min/max and smoothed as
 *   float32 (7 significant digits, far below a pixel and a tooltip's 4); a full-resolution one
 *   sends float64, exactly as stored.
 * - min/max go only with a series whose envelope shows somewhere beside its line (envelopeShows):
 *   a learning-rate schedule, smooth or stepped, sends none.
 * - x goes once: a series whose x equals an earlier one's (keys logged at the same steps, runs
 *   logged alike on a shared bucket grid) refers to it.
 * NaN and ±Inf travel as themselves. Layout, frame after frame (a stream: a long read is never one buffer):
 *
 *   "ANS2"      magic, 4 zero bytes
 *   uint32 LE   length H, then H bytes of UTF-8 JSON, then zero padding to a multiple of 8 bytes
 *               first frame: { x, runs: { [runId]: { error } | {} } }
 *               then one per series: { run, key, n, count, downsampled, smoothedPending?, ema?, fields: [[name, "f64"|"f32"] | [name, "ref", frame]] }
 *   arrays      per field: n values (f32 arrays padded to 8 bytes); a "ref" x is the first n values of that frame's x
 */

export const SERIES_BINARY_TYPE = "application/vnd.anneal.series+octet-stream";

/** A bucket's envelope shows when it reaches past the line by more than this share of the series' range (a pixel of a 2,000-pixel-tall chart). */
export const ENVELOPE_RESOLUTION = 2000;

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
  /** The smoothing's EMA state at the series' last point, when the server can tell it: a live chart continues the line from it (lib/charts/ema-state.ts). */
  ema?: EmaState;
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
  ema?: EmaState;
  count: number;
  downsampled: boolean;
}

export type RunError = { error: { code: string; message: string } };
export type RunEntry<S> = Record<string, S> | RunError;

export interface SeriesBatch<S> {
  x: string;
  runs: Record<string, RunEntry<S>>;
}

const MAGIC = "ANS2";
type Field = "x" | "y" | "min" | "max" | "smoothed";
type FieldSpec = [Field, "f64" | "f32"] | [Field, "ref", number];

interface FrameHeader {
  run: string;
  key: string;
  n: number;
  count: number;
  downsampled: boolean;
  smoothedPending?: true;
  /** Finite numbers: JSON carries them exactly. */
  ema?: EmaState;
  fields: FieldSpec[];
}

export function isRunError<S>(entry: RunEntry<S>): entry is RunError {
  const e = (entry as { error?: unknown }).error;
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/**
 * The binary answer, piece by piece: `runs` names every run (an error, or the keys that follow),
 * `series` yields each run's series in turn (awaited one at a time, so a long read holds one
 * series' numbers at once).
 */
export async function* encodeSeriesFrames(
  x: string,
  runs: readonly { id: string; error?: RunError["error"] }[],
  series: AsyncIterable<{ run: string; key: string; series: NumericSeries }>,
): AsyncGenerator<Uint8Array> {
  yield magic();
  yield frameHeader({ x, runs: Object.fromEntries(runs.map((r) => [r.id, r.error ? { error: r.error } : {}])) });
  const xs: { x: ArrayLike<number>; frame: number }[] = [];
  let frame = 0;
  for await (const { run, key, series: s } of series) {
    const float = s.downsampled ? "f32" : "f64";
    const fields: FieldSpec[] = [];
    const arrays: [ArrayLike<number>, "f64" | "f32"][] = [];
    const same = xs.find((p) => startsWith(p.x, s.x));
    if (same) fields.push(["x", "ref", same.frame]);
    else {
      fields.push(["x", "f64"]);
      arrays.push([s.x, "f64"]);
      xs.push({ x: s.x, frame });
    }
    fields.push(["y", float]);
    arrays.push([s.y, float]);
    if (s.min && s.max && envelopeShows(s.y, s.min, s.max)) {
      fields.push(["min", float], ["max", float]);
      arrays.push([s.min, float], [s.max, float]);
    }
    if (s.smoothed) {
      fields.push(["smoothed", float]);
      arrays.push([s.smoothed, float]);
    }
    const header: FrameHeader = { run, key, n: s.x.length, count: s.count, downsampled: s.downsampled, fields };
    if (s.smoothedPending) header.smoothedPending = true;
    if (s.ema) header.ema = s.ema;
    yield frameHeader(header);
    for (const [values, type] of arrays) yield packed(values, type);
    frame++;
  }
}

/** The whole answer in one buffer (tests, and reads known to be small). */
export async function encodeSeriesBatch(batch: SeriesBatch<NumericSeries>): Promise<Uint8Array<ArrayBuffer>> {
  const runs = Object.entries(batch.runs).map(([id, entry]) => ({ id, error: isRunError(entry) ? entry.error : undefined }));
  const series = Object.entries(batch.runs).flatMap(([run, entry]) =>
    isRunError(entry) ? [] : Object.entries(entry).map(([key, s]) => ({ run, key, series: s })),
  );
  const parts: Uint8Array[] = [];
  for await (const part of encodeSeriesFrames(batch.x, runs, toAsync(series))) parts.push(part);
  return concatArrays(Uint8Array, parts);
}

export function decodeSeriesBatch(buffer: ArrayBuffer): SeriesBatch<DecodedSeries> {
  const bytes = new Uint8Array(buffer);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error("not an Anneal series answer (ANS2)");
  let at = 8;
  const readHeader = <T>(): T => {
    const length = new DataView(buffer, at, 4).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(at + 4, at + 4 + length))) as T;
    at += align8(4 + length);
    return header;
  };
  const first = readHeader<{ x: string; runs: Record<string, RunError | Record<string, never>> }>();
  const runs: Record<string, RunEntry<DecodedSeries>> = {};
  for (const [id, entry] of Object.entries(first.runs)) runs[id] = isRunError(entry) ? entry : {};
  const xs: Float64Array[] = [];
  while (at < buffer.byteLength) {
    const h = readHeader<FrameHeader>();
    const s: Partial<Record<Field, Float64Array>> = {};
    for (const spec of h.fields) {
      if (spec[1] === "ref") {
        s[spec[0]] = xs[spec[2]].subarray(0, h.n);
        continue;
      }
      const size = spec[1] === "f64" ? 8 : 4;
      // Float32 widens to float64: the charts take one array type.
      s[spec[0]] = spec[1] === "f64" ? new Float64Array(buffer, at, h.n) : Float64Array.from(new Float32Array(buffer, at, h.n));
      at += align8(h.n * size);
    }
    xs.push(s.x!);
    (runs[h.run] as Record<string, DecodedSeries>)[h.key] = {
      x: s.x!,
      y: s.y!,
      min: s.min,
      max: s.max,
      smoothed: s.smoothed,
      smoothedPending: h.smoothedPending,
      ema: h.ema,
      count: h.count,
      downsampled: h.downsampled,
    };
  }
  return { x: first.x, runs };
}

/**
 * Whether some bucket's min–max shows as a band beside the line, on a linear or a log axis: the
 * line through the bucket means already covers the values between a bucket's neighbours, so a
 * smooth or stepped schedule hides its envelope; noise and one-step spikes don't.
 */
export function envelopeShows(y: ArrayLike<number>, min: ArrayLike<number>, max: ArrayLike<number>): boolean {
  const n = y.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (min[i] < lo) lo = min[i];
    if (max[i] > hi) hi = max[i];
  }
  if (!(hi > lo)) return false;
  const linear = (hi - lo) / ENVELOPE_RESOLUTION;
  const log = lo > 0 ? Math.log(hi / lo) / ENVELOPE_RESOLUTION : 0;
  // Plain loops, no closure per bucket: a smooth series (an LR schedule) is scanned to the end, on
  // every series of every read, and allocating there cost ~1 ms per 1,250 buckets.
  for (let i = 0; i < n; i++) {
    const bucketMin = min[i];
    const bucketMax = max[i];
    if (!(bucketMax > bucketMin)) continue;
    let lineLo = Infinity;
    let lineHi = -Infinity;
    for (let j = i > 0 ? i - 1 : 0, end = i + 1 < n ? i + 1 : n - 1; j <= end; j++) {
      const v = y[j];
      if (!Number.isFinite(v)) continue;
      if (v < lineLo) lineLo = v;
      if (v > lineHi) lineHi = v;
    }
    // The first and last buckets: as far again past their mean as their one neighbour is before it.
    const edge = i === 0 && n > 1 ? 2 * y[0] - y[1] : i === n - 1 && i > 0 ? 2 * y[i] - y[i - 1] : NaN;
    if (Number.isFinite(edge)) {
      if (edge < lineLo) lineLo = edge;
      if (edge > lineHi) lineHi = edge;
    }
    if (!Number.isFinite(lineLo)) return true;
    if ((bucketMin < lineLo && beyond(bucketMin, lineLo, linear, log)) || (bucketMax > lineHi && beyond(bucketMax, lineHi, linear, log))) return true;
  }
  return false;
}

/** Whether `v` lies more than a pixel from `edge` on a linear axis (`linear`: a pixel's span) or a log one (`log`: a pixel's span in ln units, 0: no log axis). */
function beyond(v: number, edge: number, linear: number, log: number): boolean {
  return Math.abs(v - edge) > linear || (log > 0 && Math.abs(Math.log(v / edge)) > log);
}

/** The items, as an async generator. */
export async function* toAsync<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

/** Whether `b` is `a`'s first values (a run logged like another but shorter). */
function startsWith(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (b.length > a.length || b.length === 0) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function magic(): Uint8Array {
  const out = new Uint8Array(8);
  out.set(new TextEncoder().encode(MAGIC));
  return out;
}

/** Every frame starts and ends at a multiple of 8 bytes, so float64 arrays are read in place. */
function frameHeader(header: object): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(align8(4 + json.length));
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  return out;
}

function packed(values: ArrayLike<number>, type: "f64" | "f32"): Uint8Array {
  const size = type === "f64" ? 8 : 4;
  const out = new Uint8Array(align8(values.length * size));
  (type === "f64" ? new Float64Array(out.buffer, 0, values.length) : new Float32Array(out.buffer, 0, values.length)).set(values);
  return out;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
