import "server-only";
import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import type { Actor, RunChanges } from "@/lib/events/event-types";
import type { Auth } from "@/lib/server/auth/auth";
import type { TUpdateRun } from "@/lib/schemas/runs";
import { actorOf } from "@/lib/server/review/actor";
import { requireProjectRole } from "@/lib/server/review/require-role";
import { announceRunChanges } from "./announce-run";
import { findRun } from "./find-run";
import { getRun } from "./get-run";

const TERMINAL = new Set(["finished", "failed", "killed"]);

/**
 * PATCH semantics: config and summary are merged key by key; a terminal status records endedAt;
 * review "baseline" clears the project's previous baseline in the same transaction. What changed
 * (status, review, tags, name, notes) is published as run.updated.
 */
export async function updateRun(db: Database, opts: { id: string; patch: TUpdateRun; auth: Auth }) {
  const run = await findRun(db, opts.id);
  const { patch } = opts;
  requireProjectRole(opts.auth, run.projectId, "write");
  if (patch.review !== undefined || patch.tags !== undefined || patch.notes !== undefined) requireProjectRole(opts.auth, run.projectId, "review");
  const actor = actorOf(opts.auth);
  await db.sql.transaction(async (tx) => {
    if (patch.review === "baseline") await clearBaseline(tx, run.projectId, run.id, actor);
    const sets: string[] = [];
    const params: unknown[] = [run.id];
    const set = (column: string, value: unknown, cast = "") => sets.push(`${column} = $${params.push(value)}${cast}`);
    if (patch.name !== undefined) set("name", patch.name);
    if (patch.tags !== undefined) set("tags", patch.tags, "::text[]");
    if (patch.notes !== undefined) set("notes", patch.notes);
    if (patch.config) sets.push(`config = config || $${params.push(JSON.stringify(patch.config))}::jsonb`);
    if (patch.summary) sets.push(`summary = summary || $${params.push(JSON.stringify(patch.summary))}::jsonb`);
    if (patch.status) {
      set("status", patch.status);
      sets.push(TERMINAL.has(patch.status) ? "ended_at = now()" : "ended_at = NULL");
      if (patch.status === "running") sets.push("last_activity_at = now()", "crash_notified_at = NULL");
    }
    if (patch.review !== undefined) {
      set("review", patch.review);
      set("reviewed_by", actor.name);
      sets.push("reviewed_at = now()");
    }
    if (sets.length) await tx.query(`UPDATE runs SET ${sets.join(", ")} WHERE id = $1`, params);
    await announceRunChanges(tx, { projectId: run.projectId, run, changes: runChanges(run, patch), actor, slug: run.project.slug });
  });
  return getRun(db, { id: run.id });
}

/** The fields of a PATCH that the live pages and the activity feed care about, when they differ from the stored run. */
function runChanges(run: { status: string; review: string | null; tags: string[]; name: string; notes: string | null }, patch: TUpdateRun): RunChanges {
  const changes: RunChanges = {};
  if (patch.status !== undefined && patch.status !== run.status) Object.assign(changes, { status: patch.status, previousStatus: run.status });
  if (patch.review !== undefined && patch.review !== run.review) changes.review = patch.review;
  if (patch.tags !== undefined && JSON.stringify(patch.tags) !== JSON.stringify(run.tags)) changes.tags = patch.tags;
  if (patch.name !== undefined && patch.name !== run.name) changes.name = patch.name;
  if (patch.notes !== undefined && patch.notes !== run.notes) changes.notes = patch.notes;
  return changes;
}

/**
 * One baseline per project: the project row is locked (concurrent "set baseline" requests queue
 * here), the old baseline loses its status and that is announced too.
 */
export async function clearBaseline(tx: Sql, projectId: number, newBaselineId: string, actor: Actor) {
  await tx.query(`SELECT 1 FROM projects WHERE id = $1 FOR UPDATE`, [projectId]);
  const cleared = await tx.query<{ id: string; name: string }>(
    `UPDATE runs SET review = NULL, reviewed_at = now(), reviewed_by = $3 WHERE project_id = $1 AND review = 'baseline' AND id <> $2 RETURNING id, name`,
    [projectId, newBaselineId, actor.name],
  );
  for (const r of cleared) {
    await announceRunChanges(tx, { projectId, run: r, changes: { review: null }, actor });
  }
}
