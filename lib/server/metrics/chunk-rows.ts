import { decodeStepsInto } from "@/lib/metrics/chunk-codec";

/**
 * A chunk as a read selects it: `n`, and `encode(steps, 'base64')`, `encode(vals, 'base64')` —
 * base64 because the driver's text protocol would send bytea as hex, twice the size and slower.
 */
export interface Base64ChunkRow {
  n: number;
  steps: string;
  vals: string;
}

/** Decodes the row's points into steps[at…] and values[at…]; the values straight into the aligned array, no intermediate buffer. */
export function decodeChunkRowInto(row: Base64ChunkRow, steps: Float64Array, values: Float64Array, at: number): void {
  decodeStepsInto(Buffer.from(row.steps, "base64"), row.n, steps, at);
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).write(row.vals, at * 8, "base64");
}
