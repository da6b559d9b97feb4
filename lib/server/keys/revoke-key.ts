import type { Database } from "@/lib/db/client";
import { notFound } from "@/lib/server/api/errors";
import type { Actor } from "@/lib/events/event-types";
import { publishEvent } from "@/lib/server/events/publish-event";

export async function revokeApiKey(db: Database, opts: { id: number; actor?: Actor }) {
  const revoked = await db.sql.query<{ project_id: number; name: string | null }>(
    `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING project_id, name`,
    [opts.id],
  );
  if (!revoked.length) throw notFound(`Active API key ${opts.id}`);
  await publishEvent(db.sql, { projectId: revoked[0].project_id, type: "key.revoked", actor: opts.actor, data: { keyId: opts.id, name: revoked[0].name } });
}

export async function listApiKeys(db: Database, opts: { projectSlug: string }) {
  return db.prisma.apiKey.findMany({
    where: { project: { slug: opts.projectSlug } },
    select: { id: true, name: true, scope: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: { id: "asc" },
  });
}
