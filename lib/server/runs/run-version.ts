import "server-only";
import type { Database } from "@/lib/db/client";

/**
 * Each run's version: its row's xmin, which every committed write to the row changes — a metric
 * write (its stats), a heartbeat, and every edit (tags, config, notes, status, review …), whatever
 * path made it, raw SQL included. One rule for results cached per run: key them by this, and any
 * change to any input is seen, without a list of the inputs to keep in step with the analysis.
 * Read it BEFORE the run's data: a write in between then only makes the entry newer than its key
 * (recomputed at the next read), never older. A run missing from the map was created after this
 * read: callers key it "new", which no later read (it sees the version) hits.
 */
export async function runVersions(db: Database, ids: string[]): Promise<Map<string, string>> {
  const rows = await db.sql.query<{ id: string; version: string }>(`SELECT id, xmin::text AS version FROM runs WHERE id = ANY($1::text[])`, [ids], {
    prepare: true,
  });
  return new Map(rows.map((r) => [r.id, r.version]));
}
