import "server-only";
import type { Database } from "@/lib/db/client";
import { env } from "@/lib/server/env";

/** Finished deliveries stay in the log this long. */
const DELIVERY_RETENTION_DAYS = 30;

/**
 * metrics.appended events only serve streams resuming after a short drop: past the retention
 * they go (a stream resuming from one gets `reset`). The activity feed's events stay.
 */
export async function pruneEvents(db: Database): Promise<number> {
  const events = await db.sql.query(
    `DELETE FROM project_events WHERE type = 'metrics.appended' AND created_at < now() - make_interval(mins => $1) RETURNING 1`,
    [env().ANNEAL_EVENT_RETENTION_MINUTES],
  );
  await db.sql.query(`DELETE FROM alert_deliveries WHERE status <> 'pending' AND created_at < now() - make_interval(days => $1)`, [DELIVERY_RETENTION_DAYS]);
  return events.length;
}
