import "server-only";
import type { Database } from "@/lib/db/client";
import { toWireDeep } from "@/lib/schemas/common";
import { MAX_COMPARISONS_PER_PROJECT, type TCreateComparison, type TUpdateComparison } from "@/lib/schemas/comparisons";
import type { Auth } from "@/lib/server/auth/auth";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { publishEvent } from "@/lib/server/events/publish-event";
import { generateId } from "@/lib/server/ids";
import { actorOf } from "@/lib/server/review/actor";
import { mayProject, requireProjectRole } from "@/lib/server/review/require-role";
import { findProject } from "@/lib/server/projects/find-project";
import { canonicalState } from "./comparison-state";
import { takeSnapshot } from "./comparison-snapshot";
import { getComparison } from "./get-comparison";

/**
 * POST /api/v1/projects/{slug}/comparisons: the compare view's state under a name, with the
 * verdict it showed (so the page can say how it changed since). Editors save comparisons.
 */
export async function createComparison(db: Database, opts: { slug: string; input: TCreateComparison; auth: Auth }) {
  const project = await findProject(db, opts.slug);
  requireProjectRole(opts.auth, project.id, "review");
  const { state, query } = await canonicalState(db, project.id, opts.input.state);
  const snapshot = await takeSnapshot(db, state);
  const actor = actorOf(opts.auth);
  const id = generateId();
  await db.sql.transaction(async (tx) => {
    await tx.query(`SELECT 1 FROM projects WHERE id = $1 FOR UPDATE`, [project.id]);
    const [{ n }] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM comparisons WHERE project_id = $1`, [project.id]);
    if (n >= MAX_COMPARISONS_PER_PROJECT) {
      throw new ApiError("conflict", `Project '${project.slug}' already has ${MAX_COMPARISONS_PER_PROJECT} saved comparisons; delete some first`);
    }
    await tx.query(
      `INSERT INTO comparisons (id, project_id, name, description, state, snapshot, author_id, author_name) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
      [id, project.id, opts.input.name, opts.input.description ?? null, query, JSON.stringify(toWireDeep(snapshot ?? {})), actor.id, actor.name],
    );
    await publishEvent(tx, { projectId: project.id, type: "comparison.saved", actor, data: { comparisonId: id, name: opts.input.name, created: true } });
  });
  return getComparison(db, { id, auth: opts.auth });
}

/** PATCH /api/v1/comparisons/{id}: rename, describe, or save a new state (which takes a new snapshot). */
export async function updateComparison(db: Database, opts: { id: string; patch: TUpdateComparison; auth: Auth }) {
  const row = await db.prisma.comparison.findUnique({ where: { id: opts.id } });
  if (!row) throw notFound(`Comparison '${opts.id}'`);
  requireProjectRole(opts.auth, row.projectId, "review");
  const { patch } = opts;
  const next = patch.state ? await canonicalState(db, row.projectId, patch.state) : null;
  const snapshot = next ? await takeSnapshot(db, next.state) : undefined;
  const name = patch.name ?? row.name;
  await db.sql.transaction(async (tx) => {
    await tx.query(
      `UPDATE comparisons SET name = $2, description = CASE WHEN $3 THEN $4 ELSE description END,
              state = COALESCE($5, state), snapshot = COALESCE($6::jsonb, snapshot), updated_at = now() WHERE id = $1`,
      [
        row.id,
        name,
        patch.description !== undefined,
        patch.description ?? null,
        next?.query ?? null,
        snapshot === undefined ? null : JSON.stringify(toWireDeep(snapshot ?? {})),
      ],
    );
    await publishEvent(tx, {
      projectId: row.projectId,
      type: "comparison.saved",
      actor: actorOf(opts.auth),
      data: { comparisonId: row.id, name, created: false },
    });
  });
  return getComparison(db, { id: row.id, auth: opts.auth });
}

/** DELETE /api/v1/comparisons/{id}: its author, or a project owner (its comments go with it). */
export async function deleteComparison(db: Database, opts: { id: string; auth: Auth }) {
  const row = await db.prisma.comparison.findUnique({ where: { id: opts.id } });
  if (!row) throw notFound(`Comparison '${opts.id}'`);
  requireProjectRole(opts.auth, row.projectId, "review");
  const actor = actorOf(opts.auth);
  if (row.authorId !== actor.id && !mayProject(opts.auth, row.projectId, "manage")) {
    throw new ApiError("permission_denied", "Only its author or a project owner can delete a saved comparison");
  }
  await db.sql.transaction(async (tx) => {
    await tx.query(`DELETE FROM comparisons WHERE id = $1`, [row.id]);
    await publishEvent(tx, { projectId: row.projectId, type: "comparison.deleted", actor, data: { comparisonId: row.id, name: row.name } });
  });
}
