import "server-only";
import type { Database } from "@/lib/db/client";
import { notFound } from "@/lib/server/api/errors";
import type { Auth } from "@/lib/server/auth/auth";
import { recordAudit } from "@/lib/server/auth/audit";
import type { KeyScope } from "@/lib/auth/roles";
import { publishEvent } from "@/lib/server/events/publish-event";
import { generateKey, hashKey } from "./key-hash";

export type { KeyScope };

/** Creates an API key for a project; the plain key is returned once and never stored. */
export async function createApiKey(db: Database, opts: { projectSlug: string; scope: KeyScope; name?: string; auth: Auth }) {
  const project = await db.prisma.project.findUnique({ where: { slug: opts.projectSlug } });
  if (!project) throw notFound(`Project '${opts.projectSlug}'`);
  const key = generateKey();
  const row = await db.prisma.apiKey.create({
    data: { projectId: project.id, scope: opts.scope, name: opts.name, prefix: key.slice(0, 10), hash: hashKey(key), createdById: opts.auth.user?.id },
  });
  await publishEvent(db.sql, { projectId: project.id, type: "key.created", actor: opts.auth.actor, data: { keyId: row.id, name: row.name, scope: row.scope } });
  await recordAudit(db, {
    action: "key.created",
    actor: opts.auth.auditActor,
    projectId: project.id,
    target: `key:${row.id}`,
    detail: { scope: opts.scope, name: opts.name ?? null },
  });
  return { id: row.id, key, name: row.name, scope: row.scope as KeyScope, project: project.slug, prefix: row.prefix, createdAt: row.createdAt };
}
