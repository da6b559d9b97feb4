import type { Sql } from "@/lib/db/sql";
import { encodeSums } from "@/lib/metrics/stored-ema";
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
      const values = part.map((_, r) => `($1, $2, $${3 * r + 3}, $${3 * r + 4}, $${3 * r + 5})`).join(",");
      await tx.query(`INSERT INTO metric_chunk_ema (run_id, key, step_lo, sums_64, sums_coarse) VALUES ${values} ON CONFLICT DO NOTHING`, [
        s.runId,
        s.key,
        ...part.flatMap((c) => {
          const { sums64, sumsCoarse } = encodeSums(c.levels);
          return [String(c.stepLo), sums64, sumsCoarse];
        }),
      ]);
    }
  });
}
