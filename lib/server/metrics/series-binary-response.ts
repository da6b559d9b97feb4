import { encodeSeriesBatch, isRunError, SERIES_BINARY_TYPE, type NumericSeries, type RunEntry } from "@/lib/metrics/series-binary";
import { NONFINITE_WIRE } from "@/lib/schemas/common";

type WireArray = ArrayLike<number | string | null>;
interface WireSeriesOut {
  x: ArrayLike<number>;
  y: WireArray;
  min: WireArray;
  max: WireArray;
  smoothed?: WireArray;
  smoothedPending?: boolean;
  count: number;
  downsampled: boolean;
}

/** A many-run read (as getManyMetrics answers it) in the compact float64 form. */
export function seriesBinaryResponse(read: { x: string; runs: Record<string, unknown> }): Response {
  const runs: Record<string, RunEntry<NumericSeries>> = {};
  for (const [runId, entry] of Object.entries(read.runs as Record<string, RunEntry<WireSeriesOut>>)) {
    if (isRunError(entry)) {
      runs[runId] = entry;
      continue;
    }
    const keys: Record<string, NumericSeries> = {};
    for (const [key, s] of Object.entries(entry)) {
      keys[key] = {
        x: s.x,
        y: toFloats(s.y),
        // min/max equal y for a full-resolution series: not sent twice.
        ...(s.downsampled ? { min: toFloats(s.min), max: toFloats(s.max) } : {}),
        ...(s.smoothed ? { smoothed: toFloats(s.smoothed) } : {}),
        ...(s.smoothedPending ? { smoothedPending: true } : {}),
        count: s.count,
        downsampled: s.downsampled,
      };
    }
    runs[runId] = keys;
  }
  const body = encodeSeriesBatch({ x: read.x, runs });
  return new Response(body, { headers: { "content-type": SERIES_BINARY_TYPE } });
}

/** Wire numbers ("NaN", "±Infinity") and null (no finite value in a bucket) → float64, null as NaN. */
function toFloats(a: WireArray): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    out[i] = typeof v === "number" ? v : v === null ? NaN : (NONFINITE_WIRE[v as keyof typeof NONFINITE_WIRE] ?? NaN);
  }
  return out;
}
