import "server-only";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Auth } from "@/lib/server/auth/auth";
import type { TCreateRun } from "@/lib/schemas/runs";
import { projectForWrite } from "@/lib/server/projects/ensure-project";
import { generateRunId, generateRunName } from "./run-names";
import { runUrl } from "./run-view";
import { announceRunCreated } from "./announce-run";
import { actorOf } from "@/lib/server/review/actor";

/**
 * Creates a run (and its project when missing and the caller may create projects).
 * The same externalId in the same project returns the existing run: created=false.
 */
export async function createRun(db: Database, opts: { input: TCreateRun; auth: Auth; contentHash?: string }) {
  const { input, auth } = opts;
  const project = (await projectForWrite(db, { slug: input.project, auth }))!;
  if (input.externalId) {
    const existing = await findByExternalId(db, project.id, input.externalId);
    if (existing) return { run: shape(existing, project.slug), created: false };
  }
  try {
    const run = await db.prisma.run.create({
      data: {
        id: generateRunId(),
        projectId: project.id,
        name: input.name ?? generateRunName(),
        config: (input.config ?? {}) as Prisma.InputJsonObject,
        tags: input.tags ?? [],
        group: input.group,
        notes: input.notes,
        externalId: input.externalId,
        startedAt: input.startedAt ?? new Date(),
        contentHash: opts.contentHash,
      },
    });
    await announceRunCreated(db.sql, { projectId: project.id, run, actor: actorOf(auth) });
    return { run: shape(run, project.slug), created: true };
  } catch (err) {
    // Two retries of the same create racing: the loser returns the winner's run.
    if ((err as { code?: string }).code === "P2002" && input.externalId) {
      const existing = await findByExternalId(db, project.id, input.externalId);
      if (existing) return { run: shape(existing, project.slug), created: false };
    }
    throw err;
  }
}

function findByExternalId(db: Database, projectId: number, externalId: string) {
  return db.prisma.run.findUnique({ where: { projectId_externalId: { projectId, externalId } } });
}

function shape(run: { id: string; name: string; status: string }, slug: string) {
  return { id: run.id, name: run.name, project: slug, url: runUrl(slug, run.id), status: run.status };
}
