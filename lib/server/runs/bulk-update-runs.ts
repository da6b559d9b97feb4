import "server-only";
import type { Database } from "@/lib/db/client";
import type { RunChanges } from "@/lib/events/event-types";
import type { TBulkUpdateRuns } from "@/lib/schemas/runs";
import type { Auth } from "@/lib/server/auth/auth";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { actorOf } from "@/lib/server/review/actor";
import { requireProjectRole } from "@/lib/server/review/require-role";
import { announceRunChanges } from "./announce-run";
import { clearBaseline } from "./update-run";

/**
 * The runs table's bulk actions: a review status and/or tags added and removed on the selected
 * runs, in one transaction; each run that changed is announced.
 */
export async function bulkUpdateRuns(db: Database, opts: { input: TBulkUpdateRuns; auth: Auth }) {
  const { input } = opts;
  const ids = [...new Set(input.ids)];
  const rows = await db.prisma.run.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, projectId: true, tags: true, review: true } });
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw notFound(`Run(s) ${missing.slice(0, 10).join(", ")}`);
  const projectId = rows[0].projectId;
  if (rows.some((r) => r.projectId !== projectId)) {
    throw new ApiError("invalid_argument", "A bulk change applies to runs of one project", [{ path: "ids", message: "runs of several projects" }]);
  }
  requireProjectRole(opts.auth, projectId, "review");
  const actor = actorOf(opts.auth);
  const remove = new Set(input.removeTags ?? []);
  let changed = 0;
  await db.sql.transaction(async (tx) => {
    if (input.review === "baseline") await clearBaseline(tx, projectId, ids[0], actor);
    for (const run of rows) {
      const tags = [...new Set([...run.tags.filter((t) => !remove.has(t)), ...(input.addTags ?? [])])];
      const changes: RunChanges = {};
      if (input.review !== undefined && input.review !== run.review) changes.review = input.review;
      if (JSON.stringify(tags) !== JSON.stringify(run.tags)) changes.tags = tags;
      if (!Object.keys(changes).length) continue;
      await tx.query(
        `UPDATE runs SET tags = $2::text[],
                review = CASE WHEN $3 THEN $4 ELSE review END,
                reviewed_at = CASE WHEN $3 THEN now() ELSE reviewed_at END,
                reviewed_by = CASE WHEN $3 THEN $5 ELSE reviewed_by END
          WHERE id = $1`,
        [run.id, tags, "review" in changes, changes.review ?? null, actor.name],
      );
      await announceRunChanges(tx, { projectId, run, changes, actor });
      changed++;
    }
  });
  return { updated: changed, unchanged: rows.length - changed };
}
