import { MAX_BATCH_METRICS, MAX_KEY_LENGTH, MAX_METRIC_KEY_LENGTH } from "./requests";
import { isReservedKey, NONFINITE, type MetricColumns } from "./metric-columns";

/** A metrics-only log-batch as the byte-level reader gives it. */
export interface ReadLogBatch {
  run_id?: string;
  run_uuid?: string;
  metrics: MetricColumns;
}

/**
 * Reads a log-batch body straight from its bytes into columns — no object per metric, keys
 * interned, steps, values and timestamps into Float64Arrays: log-batch is the ingest hot path and
 * JSON.parse's thousand small objects (then validated, then copied into columns) were most of its
 * garbage.
 *
 * It reads only the shape MLflow's clients send for metrics — `{"run_id", "run_uuid", "metrics":
 * [{"key", "value", "timestamp", "step"}…]}` with empty or no params and tags, whitespace
 * anywhere (the Python client indents), values as JSON numbers or "NaN"/"Infinity"/"-Infinity",
 * int64s as numbers or digit strings — and only when every entry is valid. Anything else (a
 * malformed body, a bad entry, an escape in a string, an unknown or repeated field, params or
 * tags) gives null, and the caller reads the body the ordinary way (JSON.parse, the request
 * schema, parseMetrics), which gives MLflow's error naming the field at fault. So the reader
 * accepts a subset of what the ordinary path accepts, with the same values (the unit test
 * fuzzes both), and errors have one source.
 */
export function readLogBatch(bytes: Uint8Array): ReadLogBatch | null {
  try {
    return new Reader(bytes).batch();
  } catch (err) {
    if (err === GIVE_UP) return null;
    throw err;
  }
}

/** Thrown inside the reader when the body is not of the shape it reads: the ordinary path decides. One instance: throwing it costs no stack trace. */
const GIVE_UP = new Error("not a body the byte-level reader reads");

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/** Exact powers of ten as doubles (10^22 is the largest). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

const FIELD_RUN_ID = 1;
const FIELD_RUN_UUID = 2;
const FIELD_METRICS = 4;
const FIELD_PARAMS = 8;
const FIELD_TAGS = 16;
const FIELD_KEY = 1;
const FIELD_VALUE = 2;
const FIELD_TIMESTAMP = 4;
const FIELD_STEP = 8;

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const TOP_FIELDS: [Uint8Array, number][] = [
  [ascii("run_id"), FIELD_RUN_ID],
  [ascii("run_uuid"), FIELD_RUN_UUID],
  [ascii("metrics"), FIELD_METRICS],
  [ascii("params"), FIELD_PARAMS],
  [ascii("tags"), FIELD_TAGS],
];
const METRIC_FIELDS: [Uint8Array, number][] = [
  [ascii("key"), FIELD_KEY],
  [ascii("value"), FIELD_VALUE],
  [ascii("timestamp"), FIELD_TIMESTAMP],
  [ascii("step"), FIELD_STEP],
];
const NONFINITE_SPELLINGS: [Uint8Array, number][] = Object.entries(NONFINITE).map(([s, v]) => [ascii(s), v]);

/** Keys compared byte by byte against the ones seen before up to this many distinct keys; beyond, looked up by their text. */
const MAX_SCANNED_KEYS = 64;

// ignoreBOM: a string that starts with U+FEFF keeps it, as in the whole body's decoding.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
/** A char per byte (windows-1252 as the Encoding standard names latin1: the same as ASCII below 0x80, all this decodes). */
const bytewise = new TextDecoder("latin1");

class Reader {
  private pos = 0;
  private n = 0;
  private keyOf: Uint32Array;
  private steps: Float64Array;
  private values: Float64Array;
  private timestamps: Float64Array;
  private readonly keys: string[] = [];
  /** Where each distinct key's text first occurs in the body (start, end). */
  private readonly keySpans: number[] = [];
  private keyIndex: Map<string, number> | null = null;
  private lastKey = -1;
  /** The last string read by rawString: its bytes between the quotes, and whether they are all ASCII. */
  private start = 0;
  private end = 0;
  private plain = true;
  private text: string | null = null;

  constructor(private readonly b: Uint8Array) {
    // A metric entry takes at least ~40 bytes: one allocation for most bodies.
    const capacity = Math.max(16, Math.min(MAX_BATCH_METRICS, Math.ceil(b.length / 40)));
    this.keyOf = new Uint32Array(capacity);
    this.steps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.timestamps = new Float64Array(capacity);
  }

  batch(): ReadLogBatch {
    const out: Partial<ReadLogBatch> = {};
    let seen = 0;
    this.expect(0x7b); // {
    if (!this.take(0x7d)) {
      do {
        const field = this.fieldName(TOP_FIELDS);
        if (seen & field) throw GIVE_UP; // a repeated field: JSON.parse keeps the last, leave it to it
        seen |= field;
        this.expect(COLON);
        if (field === FIELD_RUN_ID || field === FIELD_RUN_UUID) {
          const id = this.string();
          if (id.length < 1 || id.length > 256) throw GIVE_UP;
          if (field === FIELD_RUN_ID) out.run_id = id;
          else out.run_uuid = id;
        } else if (field === FIELD_METRICS) {
          this.metrics();
        } else {
          // params or tags: only an empty list is read here
          this.expect(0x5b);
          this.expect(0x5d);
        }
      } while (this.take(COMMA));
      this.expect(0x7d);
    }
    this.ws();
    if (this.pos !== this.b.length) throw GIVE_UP;
    const n = this.n;
    out.metrics = {
      keys: this.keys,
      keyOf: this.keyOf.slice(0, n),
      steps: this.steps.slice(0, n),
      values: this.values.slice(0, n),
      timestamps: this.timestamps.slice(0, n),
    };
    return out as ReadLogBatch;
  }

  private metrics() {
    this.expect(0x5b); // [
    if (this.take(0x5d)) return;
    do {
      if (this.n === MAX_BATCH_METRICS) throw GIVE_UP;
      if (this.n === this.values.length) this.grow();
      this.metric(this.n++);
    } while (this.take(COMMA));
    this.expect(0x5d);
  }

  private metric(i: number) {
    let seen = 0;
    this.expect(0x7b);
    if (!this.take(0x7d)) {
      do {
        const field = this.fieldName(METRIC_FIELDS);
        if (seen & field) throw GIVE_UP;
        seen |= field;
        this.expect(COLON);
        if (field === FIELD_KEY) this.keyOf[i] = this.key();
        else if (field === FIELD_VALUE) this.values[i] = this.value();
        else {
          const v = this.int64();
          if (field === FIELD_TIMESTAMP) this.timestamps[i] = v;
          else if (v < 0) throw GIVE_UP;
          else this.steps[i] = v;
        }
      } while (this.take(COMMA));
      this.expect(0x7d);
    }
    if (!(seen & FIELD_KEY) || !(seen & FIELD_VALUE) || !(seen & FIELD_TIMESTAMP)) throw GIVE_UP;
    if (!(seen & FIELD_STEP)) this.steps[i] = 0; // MLflow's default
  }

  private grow() {
    const size = Math.min(MAX_BATCH_METRICS, this.values.length * 2);
    const bigger = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const out = make(size);
      out.set(a);
      return out;
    };
    this.keyOf = bigger(this.keyOf, (n) => new Uint32Array(n));
    this.steps = bigger(this.steps, (n) => new Float64Array(n));
    this.values = bigger(this.values, (n) => new Float64Array(n));
    this.timestamps = bigger(this.timestamps, (n) => new Float64Array(n));
  }

  /** A metric key, interned: its index in this.keys. */
  private key(): number {
    this.rawString();
    const { start, end, plain } = this;
    const keys = this.keySpans;
    if (this.keyIndex === null) {
      // Keys repeat in a cycle (10 keys × 100 steps): try the one after the last match first.
      const count = this.keys.length;
      for (let j = 0; j < count; j++) {
        let k = this.lastKey + 1 + j;
        if (k >= count) k -= count;
        if (this.sameBytes(keys[2 * k], keys[2 * k + 1], start, end)) return (this.lastKey = k);
      }
    }
    const text = this.decode(start, end, plain);
    let k = this.keyIndex?.get(text);
    if (k !== undefined) return (this.lastKey = k);
    if (text.length < 1 || text.length > MAX_METRIC_KEY_LENGTH || isReservedKey(text)) throw GIVE_UP;
    k = this.keys.push(text) - 1;
    keys.push(start, end);
    if (this.keyIndex) this.keyIndex.set(text, k);
    else if (this.keys.length > MAX_SCANNED_KEYS) this.keyIndex = new Map(this.keys.map((key, j) => [key, j]));
    return (this.lastKey = k);
  }

  private sameBytes(s1: number, e1: number, s2: number, e2: number): boolean {
    if (e1 - s1 !== e2 - s2) return false;
    const b = this.b;
    for (let i = 0; i < e1 - s1; i++) if (b[s1 + i] !== b[s2 + i]) return false;
    return true;
  }

  /** A metric value: a JSON number, or one of the strings protobuf JSON gives non-finite doubles. */
  private value(): number {
    this.ws();
    if (this.b[this.pos] !== QUOTE) return this.number();
    this.rawString();
    for (const [spelling, v] of NONFINITE_SPELLINGS) if (this.matches(spelling)) return v;
    throw GIVE_UP; // a number in a string ("0.5"): the ordinary path reads those
  }

  /** An int64 as MLflow's clients send it: a JSON number, or a string of digits (protobuf JSON's spelling). */
  private int64(): number {
    this.ws();
    let v: number;
    if (this.b[this.pos] === QUOTE) {
      this.rawString();
      const { start, end } = this;
      const negative = this.b[start] === MINUS;
      if (end - start === (negative ? 1 : 0)) throw GIVE_UP;
      for (let i = negative ? start + 1 : start; i < end; i++) if (this.b[i] < ZERO || this.b[i] > NINE) throw GIVE_UP;
      v = Number(this.latin1(start, end));
    } else v = this.number();
    if (!Number.isSafeInteger(v)) throw GIVE_UP;
    return v;
  }

  /**
   * A JSON number (its strict grammar). Integers of up to 15 digits and decimals of up to 15
   * significant digits with a power of ten up to 10^22 are computed exactly from their digits (one
   * correctly rounded operation on exact doubles, as Number() would give); others go through Number().
   */
  private number(): number {
    const b = this.b;
    const start = this.pos;
    let i = start;
    const negative = b[i] === MINUS;
    if (negative) i++;
    let mantissa = 0;
    let digits = 0; // significant digits in mantissa
    let scale = 0; // power of ten to apply
    if (b[i] === ZERO) i++;
    else if (b[i] > ZERO && b[i] <= NINE) {
      while (b[i] >= ZERO && b[i] <= NINE) {
        if (digits < 16) mantissa = mantissa * 10 + (b[i] - ZERO);
        else scale++;
        digits++;
        i++;
      }
    } else throw GIVE_UP;
    if (b[i] === DOT) {
      i++;
      if (!(b[i] >= ZERO && b[i] <= NINE)) throw GIVE_UP;
      while (b[i] >= ZERO && b[i] <= NINE) {
        if (digits < 16) {
          mantissa = mantissa * 10 + (b[i] - ZERO);
          scale--;
          if (mantissa > 0) digits++;
        }
        i++;
      }
    }
    let exact = digits <= 15;
    if (b[i] === LOWER_E || b[i] === UPPER_E) {
      i++;
      let expNegative = false;
      if (b[i] === MINUS || b[i] === PLUS) expNegative = b[i++] === MINUS;
      if (!(b[i] >= ZERO && b[i] <= NINE)) throw GIVE_UP;
      let exp = 0;
      while (b[i] >= ZERO && b[i] <= NINE) {
        if (exp < 10_000) exp = exp * 10 + (b[i] - ZERO);
        i++;
      }
      scale += expNegative ? -exp : exp;
    }
    this.pos = i;
    if (exact && mantissa === 0) return negative ? -0 : 0;
    exact &&= scale >= -22 && scale <= 22;
    if (!exact) return Number(this.latin1(start, i));
    const v = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
    return negative ? -v : v;
  }

  /** A string without escapes: its text. */
  private string(): string {
    this.rawString();
    return this.decode(this.start, this.end, this.plain);
  }

  /**
   * Reads a string: its bytes between the quotes (this.start, this.end) and whether they are all
   * ASCII (this.plain). Strings with escapes are left to JSON.parse; control characters are invalid JSON.
   */
  private rawString(): void {
    this.ws();
    const b = this.b;
    if (b[this.pos] !== QUOTE) throw GIVE_UP;
    const start = ++this.pos;
    let plain = true;
    for (let i = start; i < b.length; i++) {
      const c = b[i];
      if (c === QUOTE) {
        this.pos = i + 1;
        this.start = start;
        this.end = i;
        this.plain = plain;
        return;
      }
      if (c === BACKSLASH || c < 0x20) throw GIVE_UP;
      if (c >= 0x80) plain = false;
    }
    throw GIVE_UP;
  }

  private decode(start: number, end: number, plain: boolean): string {
    if (end - start > MAX_KEY_LENGTH * 4) throw GIVE_UP; // no field read here is longer
    // Other bytes are UTF-8, decoded as the ordinary path decodes the whole body (invalid sequences as U+FFFD).
    return plain ? this.latin1(start, end) : utf8.decode(this.b.subarray(start, end));
  }

  /** ASCII bytes as text: a slice of the body decoded once a char per byte (cheaper than a string built per number). */
  private latin1(start: number, end: number): string {
    this.text ??= bytewise.decode(this.b);
    return this.text.slice(start, end);
  }

  /** Whether the last string read is `text`. */
  private matches(text: Uint8Array): boolean {
    const start = this.start;
    if (this.end - start !== text.length) return false;
    for (let i = 0; i < text.length; i++) if (this.b[start + i] !== text[i]) return false;
    return true;
  }

  private fieldName(fields: [Uint8Array, number][]): number {
    this.rawString();
    for (let f = 0; f < fields.length; f++) if (this.matches(fields[f][0])) return fields[f][1];
    throw GIVE_UP;
  }

  private ws() {
    const b = this.b;
    let i = this.pos;
    for (let c = b[i]; c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = b[++i]);
    this.pos = i;
  }

  private expect(c: number) {
    this.ws();
    if (this.b[this.pos] !== c) throw GIVE_UP;
    this.pos++;
  }

  private take(c: number): boolean {
    this.ws();
    if (this.b[this.pos] !== c) return false;
    this.pos++;
    return true;
  }
}
