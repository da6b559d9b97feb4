import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/api/auth";
import type { TUpdateRun } from "@/lib/schemas/runs";
import { findRun } from "./find-run";
import { getRun } from "./get-run";

const TERMINAL = new Set(["finished", "failed", "killed"]);

/** PATCH semantics: config and summary are merged key by key; a terminal status records endedAt. */
export async function updateRun(db: Database, opts: { id: string; patch: TUpdateRun; auth: Auth }) {
  const run = await findRun(db, opts.id);
  opts.auth.require(run.projectId, "write");
  const { patch } = opts;
  await db.prisma.run.update({
    where: { id: run.id },
    data: {
      name: patch.name,
      tags: patch.tags,
      notes: patch.notes,
      status: patch.status,
      endedAt: patch.status ? (TERMINAL.has(patch.status) ? new Date() : null) : undefined,
      lastActivityAt: patch.status === "running" ? new Date() : undefined,
      config: patch.config ? ({ ...(run.config as object), ...patch.config } as object) : undefined,
      summary: patch.summary ? ({ ...(run.summary as object), ...patch.summary } as object) : undefined,
    },
  });
  return getRun(db, { id: run.id });
}
