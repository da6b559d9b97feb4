import type { Database } from "@/lib/db/client";
import { notFound } from "@/lib/server/api/errors";
import { generateKey, hashKey } from "./key-hash";
import type { Actor } from "@/lib/events/event-types";
import { publishEvent } from "@/lib/server/events/publish-event";

export type KeyScope = "read" | "write";

/** Creates an API key for a project; the plain key is returned once and never stored. */
export async function createApiKey(db: Database, opts: { projectSlug: string; scope: KeyScope; name?: string; actor?: Actor }) {
  const project = await db.prisma.project.findUnique({ where: { slug: opts.projectSlug } });
  if (!project) throw notFound(`Project '${opts.projectSlug}'`);
  const key = generateKey();
  const row = await db.prisma.apiKey.create({
    data: { projectId: project.id, scope: opts.scope, name: opts.name, prefix: key.slice(0, 10), hash: hashKey(key) },
  });
  await publishEvent(db.sql, { projectId: project.id, type: "key.created", actor: opts.actor, data: { keyId: row.id, name: row.name, scope: row.scope } });
  return { id: row.id, key, scope: row.scope as KeyScope, project: project.slug, prefix: row.prefix, createdAt: row.createdAt };
}
