import "server-only";
import type { Sql } from "@/lib/db/sql";
import { encodeSums, SUMS_COLUMNS } from "@/lib/metrics/stored-ema";
import { readChunkIndex } from "./chunk-index";
import type { PlannedSeries } from "./read-series";

/** A chunk's stored-smoothing sums per block level, keyed by its first step. */
export interface SmoothedChunk {
  stepLo: number;
  levels: Float64Array[];
}

/**
 * Stores sums computed for chunks of a series that had none (written before they were kept, or
 * after their history was rewritten). Under a share lock on the run (writers take an update lock),
 * and only if the series' chunks are still the ones the sums were computed from: sums of data
 * rewritten meanwhile are dropped, to be computed again by a later read.
 */
export async function storeSmoothing(sql: Sql, s: PlannedSeries, chunks: SmoothedChunk[]): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query(`SELECT 1 FROM runs WHERE id = $1 FOR SHARE`, [s.runId]);
    const [now] = await readChunkIndex(tx, [{ ...s, lo: -Infinity, hi: Infinity }]);
    if (now.version !== s.version) return;
    for (let i = 0; i < chunks.length; i += 64) {
      const part = chunks.slice(i, i + 64);
      const width = 1 + SUMS_COLUMNS.length;
      const values = part.map((_, r) => `($1, $2, ${Array.from({ length: width }, (_, c) => `$${3 + r * width + c}`).join(", ")})`).join(",");
      await tx.query(`INSERT INTO metric_chunk_ema (run_id, key, step_lo, ${SUMS_COLUMNS.join(", ")}) VALUES ${values} ON CONFLICT DO NOTHING`, [
        s.runId,
        s.key,
        ...part.flatMap((c) => [String(c.stepLo), ...encodeSums(c.levels)]),
      ]);
    }
  });
}
