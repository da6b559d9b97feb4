import "server-only";
import type { Sql } from "@/lib/db/sql";
import type { Actor, RunChanges } from "@/lib/events/event-types";
import { enqueueAlerts } from "@/lib/server/alerts/enqueue-alerts";
import { publishEvent } from "@/lib/server/events/publish-event";
import { runUrl } from "./run-view";

const TERMINAL = new Set(["finished", "failed", "killed"]);

/** A new run, for live runs tables and the activity feed. Every path that creates runs calls it. */
export function announceRunCreated(sql: Sql, opts: { projectId: number; run: { id: string; name: string; status: string }; actor: Actor; imported?: boolean }) {
  return publishEvent(sql, {
    projectId: opts.projectId,
    type: "run.created",
    runId: opts.run.id,
    actor: opts.actor,
    data: { runId: opts.run.id, name: opts.run.name, status: opts.run.status, ...(opts.imported ? { imported: true } : {}) },
  });
}

/**
 * run.updated with what changed; a run reaching a terminal status also fires the "finished"
 * alert (once per run and status). Every path that changes a run's status, review, tags, name or
 * notes calls it, in the change's transaction.
 */
export async function announceRunChanges(
  tx: Sql,
  opts: { projectId: number; run: { id: string; name: string }; changes: RunChanges; actor: Actor; slug?: string },
) {
  const { run, changes } = opts;
  if (!Object.keys(changes).length) return;
  await publishEvent(tx, {
    projectId: opts.projectId,
    type: "run.updated",
    runId: run.id,
    actor: opts.actor,
    data: { runId: run.id, name: changes.name ?? run.name, changes },
  });
  if (changes.status && TERMINAL.has(changes.status) && changes.previousStatus !== changes.status) {
    const slug = opts.slug ?? (await tx.query<{ slug: string }>(`SELECT slug FROM projects WHERE id = $1`, [opts.projectId]))[0].slug;
    await enqueueAlerts(tx, {
      projectId: opts.projectId,
      rule: "finished",
      occurrence: `${changes.status}:${run.id}`,
      runId: run.id,
      title: `Run ${run.name} ${changes.status}`,
      link: runUrl(slug, run.id),
      details: { status: changes.status, previousStatus: changes.previousStatus ?? null },
    });
  }
}
