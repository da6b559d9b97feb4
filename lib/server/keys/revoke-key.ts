import "server-only";
import type { Database } from "@/lib/db/client";
import { notFound } from "@/lib/server/api/errors";
import type { Auth } from "@/lib/server/auth/auth";
import { recordAudit } from "@/lib/server/auth/audit";
import { forgetKey } from "./key-cache";
import { publishEvent } from "@/lib/server/events/publish-event";

/** Revokes a key (of the given project, when named: an owner can't revoke another project's key by id). */
export async function revokeApiKey(db: Database, opts: { id: number; projectSlug?: string; auth: Auth }) {
  const revoked = Number.isSafeInteger(opts.id)
    ? await db.sql.query<{ project_id: number; name: string | null }>(
        `UPDATE api_keys k SET revoked_at = now() FROM projects p
          WHERE k.id = $1 AND k.revoked_at IS NULL AND p.id = k.project_id AND ($2::text IS NULL OR p.slug = $2)
          RETURNING k.project_id, k.name`,
        [opts.id, opts.projectSlug ?? null],
      )
    : [];
  if (!revoked.length) throw notFound(`Active API key ${opts.id}`);
  // Refused from now on by this instance; by others within KEY_CACHE_MS (lib/server/keys/key-cache.ts).
  forgetKey(opts.id);
  const { project_id: projectId, name } = revoked[0];
  await publishEvent(db.sql, { projectId, type: "key.revoked", actor: opts.auth.actor, data: { keyId: opts.id, name } });
  await recordAudit(db, { action: "key.revoked", actor: opts.auth.auditActor, projectId, target: `key:${opts.id}`, detail: { name } });
}

export async function listApiKeys(db: Database, opts: { projectSlug: string }) {
  const project = await db.prisma.project.findUnique({ where: { slug: opts.projectSlug } });
  if (!project) throw notFound(`Project '${opts.projectSlug}'`);
  const rows = await db.prisma.apiKey.findMany({
    where: { projectId: project.id },
    select: { id: true, name: true, scope: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdById: true },
    orderBy: { id: "asc" },
  });
  return rows.map((k) => ({ ...k, scope: k.scope === "read" ? ("read" as const) : ("write" as const) }));
}
