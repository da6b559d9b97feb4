import "server-only";
import type { Sql } from "@/lib/db/sql";
import { BLOCK_SIZES } from "@/lib/metrics/chunk-codec";
import { SUMS_COLUMNS } from "@/lib/metrics/stored-ema";

type BlockSize = (typeof BLOCK_SIZES)[number];
/** The stored byte columns a read takes slices of: a chunk's, then its stored smoothing's. */
const CHUNK_COLUMNS = ["vals", "steps", ...BLOCK_SIZES.map((size) => `blocks_${size}` as const)] as const;
export type SliceColumn = (typeof CHUNK_COLUMNS)[number] | (typeof SUMS_COLUMNS)[number];

export const blockColumn = (size: number): SliceColumn => `blocks_${size as BlockSize}`;
export const sumsColumn = (size: number): SliceColumn => `sums_${size as BlockSize}`;

/** Read to the end of the column. */
export const WHOLE = 2 ** 30;

/**
 * `length` bytes from `offset` of one column of the chunks of one series (an index into the read's
 * series) whose first step lies in [lo, hi]: one chunk (lo = hi = its first step), or a stretch of
 * chunks read whole (a level of block summaries, every value). Slices of one `group` come back
 * concatenated in the order they were asked for, a stretch's chunks in step order.
 */
export interface Slice {
  series: number;
  lo: number;
  hi: number;
  column: SliceColumn;
  offset: number;
  length: number;
  group: number;
}

/**
 * Fetches every slice of a read in one query: a stretch of chunks is an index range scan, not a
 * list of chunks. Large values live out of line (TOAST) uncompressed, so a slice of one costs the
 * database only the pages it spans: a zoom's edge chunk gives the few points and blocks inside the
 * range, not its 128 KB of values. Each group leaves as one base64 string (the driver's text
 * protocol would send bytea as hex: twice the bytes and slower to parse) and is decoded straight
 * into an 8-byte-aligned buffer.
 */
export async function fetchSlices(sql: Sql, series: { runId: string; key: string }[], slices: Slice[]): Promise<Map<number, Uint8Array>> {
  const out = new Map<number, Uint8Array>();
  if (!slices.length) return out;
  const pick = (alias: string, columns: readonly string[], base: number) =>
    `CASE p.col ${columns.map((c, i) => `WHEN ${base + i} THEN ${alias}.${c}`).join(" ")} END`;
  const aggregate = (alias: string, expr: string) =>
    `encode(string_agg(substring(${expr} FROM p.off + 1 FOR p.len), ''::bytea ORDER BY p.ord, ${alias}.step_lo), 'base64')`;
  const from = `unnest($3::int[], $4::bigint[], $5::bigint[], $6::int[], $7::int[], $8::int[], $9::int[]) WITH ORDINALITY AS p(si, lo, hi, col, off, len, g, ord)
                JOIN unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(run_id, key, si) ON s.si = p.si`;
  const rows = await sql.query<{ g: number; data: string | null }>(
    `SELECT p.g, ${aggregate("m", pick("m", CHUNK_COLUMNS, 0))} AS data
       FROM ${from} JOIN metric_chunks m ON m.run_id = s.run_id AND m.key = s.key AND m.step_lo BETWEEN p.lo AND p.hi
      WHERE p.col < ${CHUNK_COLUMNS.length} GROUP BY p.g
     UNION ALL
     SELECT p.g, ${aggregate("e", pick("e", SUMS_COLUMNS, CHUNK_COLUMNS.length))} AS data
       FROM ${from} JOIN metric_chunk_ema e ON e.run_id = s.run_id AND e.key = s.key AND e.step_lo BETWEEN p.lo AND p.hi
      WHERE p.col >= ${CHUNK_COLUMNS.length} GROUP BY p.g`,
    [
      series.map((s) => s.runId),
      series.map((s) => s.key),
      slices.map((s) => s.series + 1),
      slices.map((s) => String(s.lo)),
      slices.map((s) => String(s.hi)),
      slices.map((s) => columnCode(s.column)),
      slices.map((s) => s.offset),
      slices.map((s) => Math.min(s.length, WHOLE)),
      slices.map((s) => s.group),
    ],
  );
  for (const r of rows) out.set(Number(r.g), r.data === null ? new Uint8Array(0) : aligned(r.data));
  return out;
}

function columnCode(c: SliceColumn): number {
  const i = (CHUNK_COLUMNS as readonly string[]).indexOf(c);
  return i >= 0 ? i : CHUNK_COLUMNS.length + (SUMS_COLUMNS as readonly string[]).indexOf(c);
}

/** base64 decoded into a fresh buffer (8-byte aligned, so float64 views need no copy). */
function aligned(base64: string): Uint8Array {
  const bytes = new Uint8Array(new ArrayBuffer(Math.floor((base64.length * 3) / 4)));
  const n = Buffer.from(bytes.buffer).write(base64, "base64");
  return bytes.subarray(0, n);
}

/** A group's bytes as float64 values. */
export const asFloats = (bytes: Uint8Array) => new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
