import type { Sql } from "@/lib/db/sql";
import { decodeChunkRowInto, type Base64ChunkRow } from "./chunk-rows";

export interface ChunkMeta {
  stepLo: number;
  stepHi: number;
  n: number;
}

/** A key's chunks in step order, and a version string that changes whenever any of them is rewritten. */
export interface KeyChunks {
  chunks: ChunkMeta[];
  version: string;
}

/**
 * The chunk list of each key (no values). Every write inserts new chunk rows (a merge deletes and
 * reinserts), so the rows' xmin — the id of the transaction that wrote them — versions the data.
 */
export async function chunkIndex(sql: Sql, runId: string, keys: string[]): Promise<Map<string, KeyChunks>> {
  const rows = await sql.query<{ key: string; lo: number; hi: number; n: number; xmin: string }>(
    `SELECT key, step_lo::float8 AS lo, step_hi::float8 AS hi, n, xmin::text AS xmin
       FROM metric_chunks WHERE run_id = $1 AND key = ANY($2::text[]) ORDER BY key, step_lo`,
    [runId, keys],
  );
  const out = new Map<string, KeyChunks>();
  for (const r of rows) {
    let k = out.get(r.key);
    if (!k) out.set(r.key, (k = { chunks: [], version: "" }));
    k.chunks.push({ stepLo: Number(r.lo), stepHi: Number(r.hi), n: r.n });
    k.version += `${r.lo}-${r.hi}:${r.n}@${r.xmin};`;
  }
  return out;
}

/** Every point of some consecutive chunks, as typed arrays; chunkLengths gives the chunk boundaries. */
export interface FullSeries {
  steps: Float64Array;
  values: Float64Array;
  chunkLengths: number[];
}

/**
 * All points of the key's chunks overlapping [lo, hi] (whole chunks), decoded straight into typed
 * arrays (see chunk-rows.ts), one row per chunk: cheaper for the database than concatenating them first.
 */
export async function readFullSeries(sql: Sql, runId: string, key: string, lo: number, hi: number): Promise<FullSeries> {
  const rows = await sql.query<Base64ChunkRow>(
    `SELECT n, encode(steps, 'base64') AS steps, encode(vals, 'base64') AS vals
       FROM metric_chunks WHERE run_id = $1 AND key = $2 AND step_hi >= $3 AND step_lo <= $4 ORDER BY step_lo`,
    [runId, key, String(lo), String(hi)],
  );
  const chunkLengths = rows.map((r) => r.n);
  const total = chunkLengths.reduce((a, b) => a + b, 0);
  const steps = new Float64Array(total);
  const values = new Float64Array(total);
  let at = 0;
  for (const r of rows) {
    decodeChunkRowInto(r, steps, values, at);
    at += r.n;
  }
  return { steps, values, chunkLengths };
}
