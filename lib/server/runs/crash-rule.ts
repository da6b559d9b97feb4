import "server-only";
import { env } from "@/lib/server/env";
import type { VIEW_STATUSES } from "@/lib/schemas/runs";

type ViewStatus = (typeof VIEW_STATUSES)[number];

/**
 * The one definition of "crashed": a run still marked running whose last activity (heartbeat or
 * metric write) is older than the cutoff, ANNEAL_CRASH_AFTER_SECONDS before now. The runs list
 * (filter and sort, in SQL), the run view (TypeScript) and the crash sweep all take their cutoff from
 * here and compare the same way, so a run turns crashed in all three at the same instant. "Now" is
 * the app's clock, passed to SQL as a parameter rather than read with now(): one clock for all
 * three, and a test can pin it (the writes stamp last_activity_at with the database's clock; the
 * skew between the two is far below the timeout, and zero with the embedded database).
 */
export function crashCutoff(now: Date = new Date()): Date {
  return new Date(now.getTime() - env().ANNEAL_CRASH_AFTER_SECONDS * 1000);
}

export function isCrashed(run: { status: string; lastActivityAt: Date }, cutoff: Date): boolean {
  return run.status === "running" && run.lastActivityAt.getTime() < cutoff.getTime();
}

/** isCrashed in SQL, for a `runs` row aliased `alias`, the cutoff bound to the parameter `cutoffParam`. */
export function crashedSql(alias: string, cutoffParam: string): string {
  return `(${alias}.status = 'running' AND ${alias}.last_activity_at < ${cutoffParam}::timestamptz)`;
}

/** The status a reader sees: the stored one, or "crashed" (derived, never stored). */
export function viewStatus(run: { status: string; lastActivityAt: Date }, cutoff: Date): ViewStatus {
  // The column holds one of RUN_STATUSES (checked on every write).
  return isCrashed(run, cutoff) ? "crashed" : (run.status as ViewStatus);
}

/** viewStatus in SQL (crashedSql's arguments). */
export function viewStatusSql(alias: string, cutoffParam: string): string {
  return `(CASE WHEN ${crashedSql(alias, cutoffParam)} THEN 'crashed' ELSE ${alias}.status END)`;
}
