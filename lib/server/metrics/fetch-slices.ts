import "server-only";
import type { Sql } from "@/lib/db/sql";
import { BLOCK_SIZES, CHUNK_MAX } from "@/lib/metrics/chunk-codec";
import { SUMS_COLUMNS } from "@/lib/metrics/stored-ema";

type BlockSize = (typeof BLOCK_SIZES)[number];
/** The stored byte columns a read takes slices of: a chunk's, then its stored smoothing's. */
const CHUNK_COLUMNS = ["vals", "steps", ...BLOCK_SIZES.map((size) => `blocks_${size}` as const)] as const;
export type SliceColumn = (typeof CHUNK_COLUMNS)[number] | (typeof SUMS_COLUMNS)[number];

export const blockColumn = (size: number): SliceColumn => `blocks_${size as BlockSize}`;
export const sumsColumn = (size: number): SliceColumn => `sums_${size as BlockSize}`;

/** Bytes of one field of a strided slice (a float64). */
const FIELD_BYTES = 8;
/**
 * Block levels a slice may take one field of each record from: those whose chunks hold at most 64
 * records (256 points a block and up). The fields are cut by one expression a record, written out
 * (see fetchSlices), so finer levels would make the statement long.
 */
export const STRIDED_SIZES: readonly number[] = BLOCK_SIZES.filter((size) => CHUNK_MAX / size <= 64);

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
  /**
   * One field of each record instead of every byte: the 8 bytes at `offset`, `offset + stride`, …
   * within `length` of each chunk's column (a means-only read takes its blocks' sums alone). Only
   * of the blocks columns of STRIDED_SIZES, with whole records in `length`.
   */
  stride?: number;
}

/**
 * Fetches every slice of a read in one query: a stretch of chunks is an index range scan, not a
 * list of chunks. Large values live out of line (TOAST) uncompressed, so a slice of one costs the
 * database only the pages it spans: a zoom's edge chunk gives the few points and blocks inside the
 * range, not its 128 KB of values. Each slice leaves as one base64 string (the driver's text
 * protocol would send bytea as hex: twice the bytes and slower to parse), and a group's slices are
 * decoded straight into one 8-byte-aligned buffer.
 */
export async function fetchSlices(sql: Sql, series: { runId: string; key: string }[], slices: Slice[]): Promise<Map<number, Uint8Array>> {
  const out = new Map<number, Uint8Array>();
  if (!slices.length) return out;
  for (const s of slices) {
    if (s.stride && !STRIDED_SIZES.some((size) => s.column === blockColumn(size))) throw new Error(`no strided slices of ${s.column}`);
  }
  const pick = (alias: string, columns: readonly string[], base: number) =>
    `CASE p.col ${columns.map((c, i) => `WHEN ${base + i} THEN ${alias}.${c}`).join(" ")} END`;
  // One slice's bytes: its chunks in step order (NULL when no chunk matched: the group is then absent).
  const slice = (table: string, alias: string, columns: readonly string[], base: number) =>
    `(SELECT CASE WHEN count(*) > 0 THEN COALESCE(encode(string_agg(substring(${pick(alias, columns, base)} FROM p.off + 1 FOR p.len), ''::bytea ORDER BY ${alias}.step_lo), 'base64'), '') END
        FROM ${table} ${alias} WHERE ${alias}.run_id = s.run_id AND ${alias}.key = s.key AND ${alias}.step_lo BETWEEN p.lo AND p.hi)`;
  // A strided slice: a chunk's fields are one expression, a cut per record the column can hold
  // (those past its end are empty), then kept to the slice's records. A row per field
  // (generate_series) cost the database more than sending the whole records did.
  const fields = (size: number) => {
    const column = `m.${blockColumn(size)}`;
    const cuts = Array.from({ length: CHUNK_MAX / size }, (_, k) => `substring(${column} FROM p.off + ${k} * p.stride + 1 FOR ${FIELD_BYTES})`);
    return `WHEN ${columnCode(blockColumn(size))} THEN substring(${cuts.join(" || ")} FROM 1 FOR p.len / p.stride * ${FIELD_BYTES})`;
  };
  const strided = `(SELECT CASE WHEN count(*) > 0 THEN COALESCE(encode(string_agg(CASE p.col ${STRIDED_SIZES.map(fields).join(" ")} END, ''::bytea ORDER BY m.step_lo), 'base64'), '') END
        FROM metric_chunks m WHERE m.run_id = s.run_id AND m.key = s.key AND m.step_lo BETWEEN p.lo AND p.hi)`;
  // A row per slice, each aggregated on its own (a few KB to sort), groups joined here: one GROUP BY
  // over every chunk row sorted the chunks' whole rows, tens of MB spilled to disk for 50 long runs.
  // The rows come back unordered and are put in order here: an ORDER BY sorted them with their
  // data, 8.5 MB spilled to disk for 50 long runs' compare read (EXPLAIN ANALYZE).
  // Each row is decoded as it arrives, so its base64 text dies young (see QueryOptions.onRow).
  const parts = new Map<number, { ord: number; bytes: Uint8Array }[]>();
  const onRow = (r: { g: number; ord: number; data: string | null }) => {
    if (r.data === null) return;
    const g = Number(r.g);
    const part = { ord: r.ord, bytes: decoded(r.data) };
    const list = parts.get(g);
    if (list) list.push(part);
    else parts.set(g, [part]);
  };
  await sql.query(
    `SELECT p.g, p.ord::int AS ord, CASE WHEN p.stride > 0 THEN ${strided}
                      WHEN p.col < ${CHUNK_COLUMNS.length} THEN ${slice("metric_chunks", "m", CHUNK_COLUMNS, 0)}
                      ELSE ${slice("metric_chunk_ema", "e", SUMS_COLUMNS, CHUNK_COLUMNS.length)} END AS data
       FROM unnest($3::int[], $4::bigint[], $5::bigint[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[]) WITH ORDINALITY AS p(si, lo, hi, col, off, len, g, stride, ord)
       JOIN unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(run_id, key, si) ON s.si = p.si`,
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
      slices.map((s) => s.stride ?? 0),
    ],
    { onRow },
  );
  for (const [g, list] of parts) out.set(g, joined(list.sort((a, b) => a.ord - b.ord).map((p) => p.bytes)));
  return out;
}

function columnCode(c: SliceColumn): number {
  const i = (CHUNK_COLUMNS as readonly string[]).indexOf(c);
  return i >= 0 ? i : CHUNK_COLUMNS.length + (SUMS_COLUMNS as readonly string[]).indexOf(c);
}

/** A base64 string decoded into a buffer of its own (8-byte aligned, so float64 views need no copy). */
function decoded(base64: string): Uint8Array {
  const bytes = new Uint8Array(Math.floor((base64.length * 3) / 4));
  return bytes.subarray(0, Buffer.from(bytes.buffer).write(base64, "base64"));
}

/** A group's slices in one aligned buffer: the one slice as it came, several copied one after the other. */
function joined(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A group's bytes as float64 values. */
export const asFloats = (bytes: Uint8Array) => new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
