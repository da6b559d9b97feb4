import "server-only";
import type { Database } from "@/lib/db/client";
import { parseState } from "@/lib/compare/url-state";
import type { Auth } from "@/lib/server/auth/auth";
import { notFound } from "@/lib/server/api/errors";
import { actorOf } from "@/lib/server/review/actor";
import { mayProject, requireProjectRole } from "@/lib/server/review/require-role";
import { pageUrl } from "@/lib/server/runs/run-view";
import { comparePath, comparisonPath } from "@/lib/review/paths";
import { runChanges, takeSnapshot, type ComparisonSnapshot } from "./comparison-snapshot";

/**
 * GET /api/v1/comparisons/{id}: the saved view, its author, the verdict as saved and as it is now,
 * and what changed in its runs since (empty when nothing did).
 */
export async function getComparison(db: Database, opts: { id: string; auth: Auth }) {
  const row = await db.prisma.comparison.findUnique({ where: { id: opts.id }, include: { project: true, _count: { select: { comments: true } } } });
  if (!row) throw notFound(`Comparison '${opts.id}'`);
  requireProjectRole(opts.auth, row.projectId, "read");
  const saved = Object.keys(row.snapshot as object).length ? (row.snapshot as unknown as ComparisonSnapshot) : null;
  const now = await takeSnapshot(db, parseState(new URLSearchParams(row.state)));
  const changes = runChanges(saved?.runs ?? [], now?.runs ?? []);
  const actor = actorOf(opts.auth);
  return {
    id: row.id,
    project: row.project.slug,
    name: row.name,
    description: row.description,
    state: row.state,
    url: pageUrl(comparisonPath(row.project.slug, row.id)),
    compareUrl: comparePath(row.project.slug, row.state),
    author: { id: row.authorId, name: row.authorName },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    commentCount: row._count.comments,
    saved,
    current: now,
    changes,
    canEdit: mayProject(opts.auth, row.projectId, "review"),
    canDelete: mayProject(opts.auth, row.projectId, "review") && (row.authorId === actor.id || mayProject(opts.auth, row.projectId, "manage")),
  };
}

/** GET /api/v1/projects/{slug}/comparisons: the project's saved comparisons, newest first. */
export async function listComparisons(db: Database, opts: { projectId: number; slug: string; auth: Auth }) {
  requireProjectRole(opts.auth, opts.projectId, "read");
  const rows = await db.prisma.comparison.findMany({
    where: { projectId: opts.projectId },
    orderBy: { updatedAt: "desc" },
    include: { _count: { select: { comments: true } } },
  });
  return {
    comparisons: rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      author: { id: r.authorId, name: r.authorName },
      runCount: parseState(new URLSearchParams(r.state)).runs.length,
      commentCount: r._count.comments,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      url: pageUrl(comparisonPath(opts.slug, r.id)),
    })),
  };
}
