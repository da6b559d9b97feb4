import type { Database } from "@/lib/db/client";
import { notFound } from "@/lib/server/api/errors";

export async function revokeApiKey(db: Database, opts: { id: number }) {
  const updated = await db.prisma.apiKey.updateMany({ where: { id: opts.id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (updated.count === 0) throw notFound(`Active API key ${opts.id}`);
}

export async function listApiKeys(db: Database, opts: { projectSlug: string }) {
  return db.prisma.apiKey.findMany({
    where: { project: { slug: opts.projectSlug } },
    select: { id: true, name: true, scope: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: { id: "asc" },
  });
}
