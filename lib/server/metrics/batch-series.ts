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

/** The points at `idx` (in that order) sorted by step; a repeated step keeps the value of its last index. */
export function sortedUnique(step: ArrayLike<number>, col: ArrayLike<number>, idx: number[] | Uint32Array): SeriesPoints {
  let increasing = true;
  for (let k = 1; k < idx.length && increasing; k++) increasing = step[idx[k]] > step[idx[k - 1]];
  if (!increasing) idx.sort((a, b) => step[a] - step[b] || a - b); // stable on ties: later index last
  const steps = new Float64Array(idx.length);
  const values = new Float64Array(idx.length);
  let n = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    if (n && steps[n - 1] === step[i]) values[n - 1] = col[i];
    else {
      steps[n] = step[i];
      values[n++] = col[i];
    }
  }
  return n === idx.length ? { steps, values } : { steps: steps.slice(0, n), values: values.slice(0, n) };
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
