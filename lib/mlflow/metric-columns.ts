import { invalidParam } from "./errors";
import { MAX_METRIC_KEY_LENGTH } from "./requests";
import { EPOCH_KEY, TIME_KEY } from "@/lib/schemas/metrics";

/**
 * log-batch's metrics in columns, one entry per metric as sent (order kept): the distinct keys
 * once each, the key of metric i as keys[keyOf[i]], its step, value and timestamp (ms). Both
 * readers of a log-batch body give this: the byte-level one (log-batch-reader.ts) and, for any
 * body it leaves to JSON.parse, parseMetrics below.
 */
export interface MetricColumns {
  keys: string[];
  keyOf: Uint32Array;
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
}

/** MLflow's client sends non-finite doubles as protobuf JSON spells them: these strings. */
export const NONFINITE: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

/** Keys Anneal reserves for its own axes: not accepted as MLflow metric keys. */
export const isReservedKey = (key: string) => key === EPOCH_KEY || key === TIME_KEY;

/**
 * Validates metrics given as parsed JSON with a plain loop (a batch may hold many thousands) and
 * returns them as columns. The first bad entry is an INVALID_PARAMETER_VALUE naming it
 * (metrics[i].field), so nothing of the batch is written.
 */
export function parseMetrics(raw: unknown[]): MetricColumns {
  const n = raw.length;
  const out: MetricColumns = { keys: [], keyOf: new Uint32Array(n), steps: new Float64Array(n), values: new Float64Array(n), timestamps: new Float64Array(n) };
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const m = raw[i] as { key?: unknown; value?: unknown; timestamp?: unknown; step?: unknown } | null;
    if (typeof m !== "object" || m === null) throw invalidParam(`Invalid value for parameter 'metrics[${i}]': expected an object`);
    const key = m.key;
    if (typeof key !== "string" || key.length === 0 || key.length > MAX_METRIC_KEY_LENGTH) {
      throw invalidParam(`Invalid value for parameter 'metrics[${i}].key': metric keys are 1 to ${MAX_METRIC_KEY_LENGTH} characters`);
    }
    if (isReservedKey(key)) throw invalidParam(`Invalid value for parameter 'metrics[${i}].key': '${key}' is reserved by Anneal`);
    let value = m.value;
    if (typeof value === "string") value = Object.hasOwn(NONFINITE, value) ? NONFINITE[value] : value.trim() === "" ? NaN : Number(value);
    if (typeof value !== "number" || (Number.isNaN(value) && m.value !== "NaN")) {
      throw invalidParam(`Invalid value ${JSON.stringify(m.value)} for parameter 'metrics[${i}].value': expected a number, "NaN", "Infinity" or "-Infinity"`);
    }
    const step = int64(m.step ?? 0, `metrics[${i}].step`);
    const timestamp = int64(m.timestamp, `metrics[${i}].timestamp`);
    let k = index.get(key);
    if (k === undefined) index.set(key, (k = out.keys.push(key) - 1));
    out.keyOf[i] = k;
    out.steps[i] = step;
    out.values[i] = value;
    out.timestamps[i] = timestamp;
  }
  return out;
}

function int64(v: unknown, field: string): number {
  const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) throw invalidParam(`Invalid value ${JSON.stringify(v)} for parameter '${field}': expected an integer`);
  if (field.endsWith("step") && n < 0) throw invalidParam(`Invalid value ${n} for parameter '${field}': Anneal stores steps from 0`);
  return n;
}
