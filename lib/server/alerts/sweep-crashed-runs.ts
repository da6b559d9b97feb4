import "server-only";
import type { Database } from "@/lib/db/client";
import { env } from "@/lib/server/env";
import { announceRunChanges } from "@/lib/server/runs/announce-run";
import { runUrl } from "@/lib/server/runs/run-view";
import { crashCutoff, crashedSql } from "@/lib/server/runs/crash-rule";
import { SYSTEM_ACTOR } from "@/lib/server/review/actor";
import { enqueueAlerts } from "./enqueue-alerts";

/**
 * A running run silent past the crash timeout is announced as crashed once per silence (the
 * UPDATE claims it, so one instance does it): run.updated for live pages and the feed, and the
 * "crashed" alert. Logging again clears the mark (announceAppend, heartbeats).
 */
export async function sweepCrashedRuns(db: Database, now = new Date()): Promise<number> {
  return db.sql.transaction(async (tx) => {
    const crashed = await tx.query<{ id: string; name: string; projectId: number; slug: string; lastActivityAt: Date }>(
      `UPDATE runs r SET crash_notified_at = now() FROM projects p
        WHERE p.id = r.project_id AND ${crashedSql("r", "$1")} AND r.crash_notified_at IS NULL AND r.deleted_at IS NULL
        RETURNING r.id, r.name, r.project_id AS "projectId", p.slug, r.last_activity_at AS "lastActivityAt"`,
      [crashCutoff(now)],
    );
    for (const run of crashed) {
      await announceRunChanges(tx, {
        projectId: run.projectId,
        run,
        changes: { status: "crashed", previousStatus: "running" },
        actor: SYSTEM_ACTOR,
        slug: run.slug,
      });
      const silentSince = new Date(run.lastActivityAt).toISOString();
      await enqueueAlerts(tx, {
        projectId: run.projectId,
        rule: "crashed",
        occurrence: `crashed:${run.id}:${silentSince}`,
        runId: run.id,
        title: `Run ${run.name} crashed: nothing received since ${silentSince}`,
        link: runUrl(run.slug, run.id),
        details: { lastActivityAt: silentSince, crashAfterSeconds: env().ANNEAL_CRASH_AFTER_SECONDS },
      });
    }
    return crashed.length;
  });
}
