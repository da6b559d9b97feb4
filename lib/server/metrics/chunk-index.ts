import "server-only";
import type { Sql } from "@/lib/db/sql";
import { StepRuns } from "@/lib/metrics/chunk-codec";
import type { IndexedChunk } from "@/lib/metrics/read-plan";

/** One series of a read: a key of a run over the steps [lo, hi]. */
export interface SeriesRange {
  runId: string;
  key: string;
  lo: number;
  hi: number;
}

/** A series' chunks in step order, and a version string that changes whenever any of them is rewritten. */
export interface KeyChunks {
  chunks: IndexedChunk[];
  version: string;
}

/** Step encodings up to this size come with the index: a regular run's are a few bytes. */
export const INLINE_STEPS_BYTES = 64;

/**
 * The chunk lists of many series in one query (no values): step ranges, point counts, the steps of
 * regularly logged chunks, whether the stored smoothing is there and whether every value is
 * finite. Every write inserts new chunk rows (a merge deletes and reinserts), so the rows' xmin —
 * the transaction that wrote them — versions the data. Each series' chunks leave as one packed
 * binary string (CHUNK_RECORD), not a row each: 50 runs × 3 keys × 1M steps are 9,600 chunks,
 * which as rows cost more to send and parse than the database took to find them.
 */
export async function readChunkIndex(sql: Sql, ranges: SeriesRange[], opts: { smoothed?: boolean } = {}): Promise<KeyChunks[]> {
  const out = ranges.map((): KeyChunks => ({ chunks: [], version: "" }));
  if (!ranges.length) return out;
  const smoothed = opts.smoothed ? `EXISTS (SELECT 1 FROM metric_chunk_ema e WHERE e.run_id = m.run_id AND e.key = m.key AND e.step_lo = m.step_lo)` : "false";
  const rows = await sql.query<{ i: number; chunks: string | null }>(
    `SELECT s.i::int AS i,
            (SELECT encode(string_agg(int8send(m.step_lo) || int8send(m.step_hi) || int4send(m.n) || int8send(m.xmin::text::int8)
                                      || set_byte('\\x00'::bytea, 0, CASE WHEN ${smoothed} THEN ${SMOOTHED} ELSE 0 END + CASE WHEN m.non_finite > 0 THEN ${NON_FINITE} ELSE 0 END)
                                      || CASE WHEN octet_length(m.steps) <= ${INLINE_STEPS_BYTES} THEN int2send(octet_length(m.steps)::int2) || m.steps ELSE int2send((-1)::int2) END,
                                      ''::bytea ORDER BY m.step_lo), 'base64')
               FROM metric_chunks m WHERE m.run_id = s.run_id AND m.key = s.key AND m.step_lo <= s.hi AND m.step_hi >= s.lo) AS chunks
       FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) WITH ORDINALITY AS s(run_id, key, lo, hi, i)`,
    [ranges.map((r) => r.runId), ranges.map((r) => r.key), ranges.map((r) => stepParam(r.lo)), ranges.map((r) => stepParam(r.hi))],
  );
  for (const r of rows) {
    if (r.chunks === null) continue;
    const k = out[r.i - 1];
    const bytes = Buffer.from(r.chunks, "base64");
    // Read without an object or string per field: 50 long runs' compare read lists 9,300 chunks,
    // and the BigInts and per-chunk strings of a plainer parse were most of its garbage.
    const version: number[] = [];
    for (let at = 0; at < bytes.length;) {
      const lo = int8At(bytes, at);
      const hi = int8At(bytes, at + 8);
      const n = bytes.readInt32BE(at + 16);
      const flags = bytes[at + 28];
      const chunk: IndexedChunk = { stepLo: lo, stepHi: hi, n, smoothed: (flags & SMOOTHED) !== 0, finite: (flags & NON_FINITE) === 0 };
      version.push(lo, hi, n, int8At(bytes, at + 20));
      const stepsBytes = bytes.readInt16BE(at + 29);
      at += CHUNK_RECORD;
      if (stepsBytes >= 0) {
        chunk.steps = new StepRuns(bytes.subarray(at, at + stepsBytes), n);
        at += stepsBytes;
      }
      k.chunks.push(chunk);
    }
    k.version = version.join();
  }
  return out;
}

/** A big-endian int8 below 2^53 (steps, transaction ids), without a BigInt. */
function int8At(bytes: Buffer, at: number): number {
  return bytes.readInt32BE(at) * 2 ** 32 + bytes.readUInt32BE(at + 4);
}

/** A packed chunk: step_lo, step_hi (int8), n (int4), xmin (int8), flags (1 byte), the inline steps' length (int2, -1: none); then those steps. */
const CHUNK_RECORD = 8 + 8 + 4 + 8 + 1 + 2;
/** Flags: the stored smoothing's sums exist; some value is NaN or ±Infinity. */
const SMOOTHED = 1;
const NON_FINITE = 2;

/** Steps are non-negative integers below 2^53; a range end past them (±Infinity) is clamped. */
export function stepParam(v: number): string {
  return String(Math.max(-1, Math.min(Number.MAX_SAFE_INTEGER, Math.round(v))));
}
