import "server-only";
import type { Sql } from "@/lib/db/sql";
import { toWire } from "@/lib/schemas/common";
import type { MetricStats } from "@/lib/server/runs/run-view";

interface StatsRow {
  key: string;
  count: number;
  lo: string;
  hi: string;
  nf: number;
  last: number;
  min: number | null;
  min_step: string | null;
  max: number | null;
  max_step: string | null;
}

const num = (v: string | number | bigint | null) => (v === null ? null : Number(v));

/** Per-key aggregates from chunk-level columns (values are never decoded for this): $1 run, $2 keys. */
const STATS_BY_KEY = `SELECT key, sum(n)::int AS count, min(step_lo) AS lo, max(step_hi) AS hi, sum(non_finite)::int AS nf,
            (array_agg(vlast ORDER BY step_hi DESC))[1] AS last,
            (array_agg(vmin ORDER BY vmin, vmin_step) FILTER (WHERE vmin IS NOT NULL))[1] AS min,
            (array_agg(vmin_step ORDER BY vmin, vmin_step) FILTER (WHERE vmin IS NOT NULL))[1] AS min_step,
            (array_agg(vmax ORDER BY vmax DESC, vmax_step) FILTER (WHERE vmax IS NOT NULL))[1] AS max,
            (array_agg(vmax_step ORDER BY vmax DESC, vmax_step) FILTER (WHERE vmax IS NOT NULL))[1] AS max_step
       FROM metric_chunks WHERE run_id = $1 AND key = ANY($2::text[]) GROUP BY key`;

/** Per-key run stats recomputed from chunk-level columns. */
export async function recomputeStats(tx: Sql, runId: string, keys: string[]): Promise<Record<string, MetricStats>> {
  const rows = await tx.query<StatsRow>(STATS_BY_KEY, [runId, keys]);
  const out: Record<string, MetricStats> = {};
  for (const r of rows) {
    out[r.key] = {
      count: r.count,
      stepLo: Number(r.lo),
      stepHi: Number(r.hi),
      last: toWire(Number(r.last)),
      lastStep: Number(r.hi),
      min: num(r.min),
      minStep: num(r.min_step),
      max: num(r.max),
      maxStep: num(r.max_step),
      nonFinite: r.nf,
    };
  }
  return out;
}

/**
 * The same stats as one jsonb object per run (MetricStats per key, non-finite `last` as its wire
 * string) and the highest step of the keys other than `excluded`, computed in SQL so a writer can
 * refresh a run's stats in the statement that updates the run: $1 run, $2 keys, $3 excluded keys.
 */
export const STATS_JSONB = `SELECT jsonb_object_agg(key, jsonb_build_object(
            'count', count, 'stepLo', lo, 'stepHi', hi, 'lastStep', hi, 'nonFinite', nf,
            'last', CASE WHEN last = 'NaN'::float8 THEN to_jsonb('NaN'::text) WHEN last = 'Infinity'::float8 THEN to_jsonb('Infinity'::text)
                         WHEN last = '-Infinity'::float8 THEN to_jsonb('-Infinity'::text) ELSE to_jsonb(last) END,
            'min', min, 'minStep', min_step, 'max', max, 'maxStep', max_step)) AS stats,
          max(hi) FILTER (WHERE NOT key = ANY($3::text[])) AS max_step
     FROM (${STATS_BY_KEY}) s`;
