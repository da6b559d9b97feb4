import "server-only";
import { toWire } from "@/lib/schemas/common";
import type { NumericSeries } from "@/lib/metrics/series-binary";
import type { MetricsRead } from "./get-metrics";

/** Values formatted per piece of text: a million-point series never becomes one string (V8 caps strings at ~512 MB). */
const VALUES_PER_PIECE = 65_536;

/**
 * A series' JSON form, as text pieces: non-finite values as wire strings, min/max equal to y at
 * full resolution and null for a bucket without finite values.
 */
export function* seriesJson(s: NumericSeries): Generator<string> {
  yield `{"x":`;
  yield* numbers(s.x, (v) => v);
  yield `,"y":`;
  yield* numbers(s.y, toWire);
  yield `,"min":`;
  yield* s.min ? numbers(s.min, finiteOrNull) : numbers(s.y, toWire);
  yield `,"max":`;
  yield* s.max ? numbers(s.max, finiteOrNull) : numbers(s.y, toWire);
  yield `,"count":${s.count},"downsampled":${s.downsampled}`;
  if (s.smoothedPending) yield `,"smoothedPending":true`;
  else if (s.smoothed) {
    yield `,"smoothed":`;
    yield* numbers(s.smoothed, toWire);
  }
  yield "}";
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

function* numbers(values: ArrayLike<number>, wire: (v: number) => number | string | null): Generator<string> {
  if (values.length === 0) {
    yield "[]";
    return;
  }
  for (let start = 0; start < values.length; start += VALUES_PER_PIECE) {
    const end = Math.min(values.length, start + VALUES_PER_PIECE);
    const part = new Array<number | string | null>(end - start);
    for (let i = start; i < end; i++) {
      const v = values[i];
      part[i - start] = Number.isFinite(v) ? v : wire(v);
    }
    const text = JSON.stringify(part);
    yield (start === 0 ? "[" : ",") + text.slice(1, -1) + (end === values.length ? "]" : "");
  }
}

/** GET /runs/{id}/metrics as JSON text pieces: { runId, x, series: { [key]: series } }. */
export async function* runMetricsJson(runId: string, read: MetricsRead): AsyncGenerator<string> {
  yield `{"runId":${JSON.stringify(runId)},"x":${JSON.stringify(read.x)},"series":{`;
  let first = true;
  for await (const { key, series } of read.series()) {
    yield `${first ? "" : ","}${JSON.stringify(key)}:`;
    first = false;
    yield* seriesJson(series);
  }
  yield "}}";
}

/** GET /series as JSON text pieces: { x, runs: { [runId]: { [key]: series } | { error } } }. */
export async function* manyMetricsJson(read: MetricsRead): AsyncGenerator<string> {
  yield `{"x":${JSON.stringify(read.x)},"runs":{`;
  const series = read.series();
  for (const [i, run] of read.runs.entries()) {
    yield `${i ? "," : ""}${JSON.stringify(run.id)}:`;
    if (run.error) {
      yield JSON.stringify({ error: run.error });
      continue;
    }
    yield "{";
    for (const [k, key] of run.keys.entries()) {
      const next = await series.next();
      if (next.done || next.value.key !== key) throw new Error("series out of order");
      yield `${k ? "," : ""}${JSON.stringify(key)}:`;
      yield* seriesJson(next.value.series);
    }
    yield "}";
  }
  yield "}}";
}
