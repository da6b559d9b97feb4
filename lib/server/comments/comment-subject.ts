import "server-only";
import type { Database } from "@/lib/db/client";
import { notFound } from "@/lib/server/api/errors";
import { comparisonPath, runPath } from "@/lib/review/paths";

/** What a comment is about: a run, or a saved comparison. */
export type SubjectRef = { runId: string } | { comparisonId: string };

export interface Subject {
  kind: "run" | "comparison";
  id: string;
  name: string;
  projectId: number;
  projectSlug: string;
  /** Metric keys a run anchor may name (runs only). */
  keys: Set<string> | null;
}

export async function findSubject(db: Database, ref: SubjectRef): Promise<Subject> {
  if ("runId" in ref) {
    const run = await db.prisma.run.findUnique({
      where: { id: ref.runId },
      select: { id: true, name: true, projectId: true, metricStats: true, project: true },
    });
    if (!run) throw notFound(`Run '${ref.runId}'`);
    const keys = new Set(Object.keys(run.metricStats as object).filter((k) => !k.startsWith("_")));
    return { kind: "run", id: run.id, name: run.name, projectId: run.projectId, projectSlug: run.project.slug, keys };
  }
  const c = await db.prisma.comparison.findUnique({ where: { id: ref.comparisonId }, select: { id: true, name: true, projectId: true, project: true } });
  if (!c) throw notFound(`Comparison '${ref.comparisonId}'`);
  return { kind: "comparison", id: c.id, name: c.name, projectId: c.projectId, projectSlug: c.project.slug, keys: null };
}

/** The page a comment lives on, opened at the comment (its chart zoomed around the anchor). */
export function subjectPath(s: { kind: "run" | "comparison"; id: string; projectSlug: string }, commentId: string): string {
  const page = s.kind === "run" ? runPath(s.projectSlug, s.id) : comparisonPath(s.projectSlug, s.id);
  return `${page}?comment=${commentId}`;
}
