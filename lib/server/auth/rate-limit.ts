import "server-only";
import type { Sql } from "@/lib/db/sql";
import { ApiError } from "@/lib/server/api/errors";

export interface Limit {
  /** Failures allowed per window before requests are refused. */
  max: number;
  windowSeconds: number;
}

/** The limits (one place): failed sign-ins per account and per client address, failed API-key checks per address. */
export const LIMITS = {
  signInPerAccount: { max: 10, windowSeconds: 15 * 60 },
  signInPerAddress: { max: 50, windowSeconds: 15 * 60 },
  badKeyPerAddress: { max: 30, windowSeconds: 5 * 60 },
} satisfies Record<string, Limit>;

/**
 * Fixed-window failure counters in the database's rate_limits table, so that every app instance
 * counts into the same window: a client spread over N instances gets no N-fold allowance.
 * Each operation is one statement (atomic under concurrency).
 */
/** Refuses (429) when over the limit; otherwise returns the failures counted in the current window. */
export async function assertUnderLimit(sql: Sql, key: string, limit: Limit): Promise<number> {
  const rows = await sql.query<{ count: number; retry: number }>(
    `SELECT count, CEIL(EXTRACT(EPOCH FROM window_start + make_interval(secs => $2) - now()))::int AS retry
       FROM rate_limits WHERE key = $1 AND window_start > now() - make_interval(secs => $2)`,
    [key, limit.windowSeconds],
  );
  if (rows[0] && rows[0].count >= limit.max) throw tooMany(Math.max(1, rows[0].retry));
  return rows[0]?.count ?? 0;
}

/** Counts one failure; returns the count in the current window. */
export async function recordFailure(sql: Sql, key: string, limit: Limit): Promise<number> {
  const rows = await sql.query<{ count: number }>(
    `INSERT INTO rate_limits (key, window_start, count) VALUES ($1, now(), 1)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE rate_limits.count + 1 END,
       window_start = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => $2) THEN now() ELSE rate_limits.window_start END
     RETURNING count`,
    [key, limit.windowSeconds],
  );
  // Old windows are dead weight: sweep now and then rather than on a timer every instance would run.
  if (Math.random() < 0.02) await sql.query(`DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'`);
  return rows[0].count;
}

export async function clearFailures(sql: Sql, key: string): Promise<void> {
  await sql.query(`DELETE FROM rate_limits WHERE key = $1`, [key]);
}

function tooMany(retryAfter: number): ApiError {
  return new ApiError("rate_limited", `Too many failed attempts; try again in ${retryAfter} s`, [], { "retry-after": String(retryAfter) });
}
