import { getDatabase } from "@/lib/db";

/** Everything stored about a run's points: chunks (bytes included), stored smoothing, stats and last step. */
export async function storedPoints(runId: string) {
  const db = await getDatabase();
  const chunks = await db.sql.query(
    `SELECT key, step_lo::text, step_hi::text, n, encode(steps, 'hex') AS steps, encode(vals, 'hex') AS vals, encode(blocks_64, 'hex') AS b64,
            encode(blocks_4096, 'hex') AS b4096, vmin, vmin_step::text, vmax, vmax_step::text, vlast::text, non_finite
       FROM metric_chunks WHERE run_id = $1 ORDER BY key, step_lo`,
    [runId],
  );
  const ema = await db.sql.query(
    `SELECT key, step_lo::text, encode(sums_64, 'hex') AS s64, encode(sums_1024, 'hex') AS s1024 FROM metric_chunk_ema WHERE run_id = $1 ORDER BY key, step_lo`,
    [runId],
  );
  const [run] = await db.sql.query<{ stats: Record<string, unknown>; last_step: string }>(
    `SELECT metric_stats AS stats, last_step::text FROM runs WHERE id = $1`,
    [runId],
  );
  return { chunks, ema, stats: run.stats, lastStep: run.last_step };
}
