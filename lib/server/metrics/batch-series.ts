import "server-only";
import { EPOCH_KEY, TIME_KEY, type MetricBatch } from "@/lib/schemas/metrics";

export interface SeriesPoints {
  steps: Float64Array;
  values: Float64Array;
}

/**
 * Splits a batch into one sorted, step-unique series per key (epoch and time as reserved keys).
 * A step repeated within the batch keeps its last value (last write wins).
 */
export function batchToSeries(batch: MetricBatch): Map<string, SeriesPoints> {
  const out = new Map<string, SeriesPoints>();
  const columns: [string, (number | null)[]][] = Object.entries(batch.values);
  if (batch.epoch) columns.push([EPOCH_KEY, batch.epoch]);
  if (batch.time) columns.push([TIME_KEY, batch.time]);
  for (const [key, col] of columns) {
    const idx: number[] = [];
    for (let i = 0; i < col.length; i++) if (col[i] !== null) idx.push(i);
    if (!idx.length) continue;
    out.set(key, sortedUnique(batch.step, col as number[], idx));
  }
  return out;
}

/**
 * The same for points given one by one (key, step, value in parallel arrays, as MLflow's
 * log-batch sends them): one sorted, step-unique series per key, a repeated (key, step) keeping
 * its last value.
 */
export function pointsToSeries(keys: readonly string[], steps: readonly number[], values: readonly number[]): Map<string, SeriesPoints> {
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    let idx = byKey.get(keys[i]);
    if (!idx) byKey.set(keys[i], (idx = []));
    idx.push(i);
  }
  const out = new Map<string, SeriesPoints>();
  for (const [key, idx] of byKey) out.set(key, sortedUnique(steps, values, idx));
  return out;
}

function sortedUnique(step: readonly number[], col: readonly number[], idx: number[]): SeriesPoints {
  let increasing = true;
  for (let k = 1; k < idx.length && increasing; k++) increasing = step[idx[k]] > step[idx[k - 1]];
  if (!increasing) idx.sort((a, b) => step[a] - step[b] || a - b); // stable on ties: later index last
  const steps: number[] = [];
  const values: number[] = [];
  for (const i of idx) {
    if (steps.length && steps[steps.length - 1] === step[i]) values[values.length - 1] = col[i];
    else {
      steps.push(step[i]);
      values.push(col[i]);
    }
  }
  return { steps: Float64Array.from(steps), values: Float64Array.from(values) };
}

/** Merges two sorted step-unique series; on equal steps `newer` wins. */
export function mergeSeries(older: SeriesPoints, newer: SeriesPoints): SeriesPoints {
  const n = older.steps.length + newer.steps.length;
  const steps = new Float64Array(n);
  const values = new Float64Array(n);
  let i = 0,
    j = 0,
    k = 0;
  while (i < older.steps.length || j < newer.steps.length) {
    const a = i < older.steps.length ? older.steps[i] : Infinity;
    const b = j < newer.steps.length ? newer.steps[j] : Infinity;
    if (b <= a) {
      if (a === b) i++;
      steps[k] = b;
      values[k++] = newer.values[j++];
    } else {
      steps[k] = a;
      values[k++] = older.values[i++];
    }
  }
  return { steps: steps.subarray(0, k), values: values.subarray(0, k) };
}
