/**
 * MLflow Metric messages (`{"key","value","timestamp","step"[,"run_id"]}`) written straight into
 * bytes: get-history answers tens of thousands of them, and building a string per point, joining
 * them and encoding the result to UTF-8 cost more than the database read. Integers (steps,
 * timestamps, integral values) are written digit by digit; other doubles as V8 prints them (the
 * shortest text that reads back the same, as JSON.stringify does); NaN/±Infinity as protobuf
 * JSON's strings.
 */

const encoder = new TextEncoder();
const ascii = (s: string) => encoder.encode(s);

const NAN = ascii('"NaN"');
const INF = ascii('"Infinity"');
const NEG_INF = ascii('"-Infinity"');
const TIMESTAMP = ascii(',"timestamp":');
const STEP = ascii(',"step":');
/** The longest a number is written: a double's shortest form is at most 25 characters ("-1.2345678901234567e-308"). */
const MAX_NUMBER = 25;

export interface MetricPoints {
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  timestamps: ArrayLike<number>;
}

/** Writes a safe integer at `pos`; returns the position after it. Below 1e9 in 32-bit arithmetic, above in 9-digit groups. */
function writeInt(out: Uint8Array, pos: number, v: number): number {
  if (v < 0) {
    out[pos++] = 45; // '-'
    v = -v;
  }
  if (v >= 1e9) {
    const high = Math.floor(v / 1e9);
    pos = writeInt(out, pos, high);
    return writeDigits(out, pos, v - high * 1e9, 9);
  }
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  return writeDigits(out, pos, v, digits);
}

/** Writes x (< 1e9) as exactly `digits` digits, zero-padded. */
function writeDigits(out: Uint8Array, pos: number, x: number, digits: number): number {
  let v = x | 0;
  for (let i = pos + digits - 1; i >= pos; i--) {
    const q = (v / 10) | 0;
    out[i] = 48 + v - q * 10;
    v = q;
  }
  return pos + digits;
}

/** Copies a few bytes (a loop: TypedArray.set costs more than it moves for a dozen bytes). */
function copy(out: Uint8Array, pos: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) out[pos + i] = bytes[i];
  return pos + bytes.length;
}

function writeDouble(out: Uint8Array, pos: number, v: number): number {
  if (Number.isSafeInteger(v)) return writeInt(out, pos, v);
  if (!Number.isFinite(v)) return copy(out, pos, Number.isNaN(v) ? NAN : v > 0 ? INF : NEG_INF);
  const s = String(v);
  for (let i = 0; i < s.length; i++) out[pos++] = s.charCodeAt(i);
  return pos;
}

/**
 * A JSON document `prefix` + the points of each part as Metric messages, comma-separated + `suffix`
 * (prefix e.g. `{"metrics":[`, suffix `]}`). A part's run_id is added to each of its messages when given.
 */
export function metricsJsonBytes(prefix: string, parts: { key: string; runId?: string; points: MetricPoints }[], suffix: string): Uint8Array {
  const heads = parts.map((p) => ascii(`{"key":${JSON.stringify(p.key)},"value":`));
  const tails = parts.map((p) => ascii(p.runId === undefined ? "}" : `,"run_id":${JSON.stringify(p.runId)}}`));
  const start = ascii(prefix);
  const end = ascii(suffix);
  let size = start.length + end.length;
  parts.forEach((p, i) => (size += p.points.steps.length * (heads[i].length + tails[i].length + TIMESTAMP.length + STEP.length + 3 * MAX_NUMBER + 1)));
  const out = new Uint8Array(size);
  out.set(start, 0);
  let pos = start.length;
  let first = true;
  for (let k = 0; k < parts.length; k++) {
    const { steps, values, timestamps } = parts[k].points;
    const head = heads[k];
    const tail = tails[k];
    const n = steps.length;
    // A value equal to the previous one (an LR schedule's long flat stretches) is copied, not printed again.
    let prev = NaN;
    let prevAt = 0;
    let prevLength = 0;
    for (let i = 0; i < n; i++) {
      if (!first) out[pos++] = 44; // ','
      first = false;
      pos = copy(out, pos, head);
      const v = values[i];
      if (v === prev) {
        out.copyWithin(pos, prevAt, prevAt + prevLength);
        pos += prevLength;
      } else {
        prevAt = pos;
        pos = writeDouble(out, pos, v);
        prevLength = pos - prevAt;
        prev = v;
      }
      pos = writeInt(out, copy(out, pos, TIMESTAMP), timestamps[i]);
      pos = writeInt(out, copy(out, pos, STEP), steps[i]);
      pos = copy(out, pos, tail);
    }
  }
  out.set(end, pos);
  return out.subarray(0, pos + end.length);
}
