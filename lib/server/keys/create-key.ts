import type { Database } from "@/lib/db/client";
import { notFound } from "@/lib/server/api/errors";
import { generateKey, hashKey } from "./key-hash";

export type KeyScope = "read" | "write";

/** Creates an API key for a project; the plain key is returned once and never stored. */
export async function createApiKey(db: Database, opts: { projectSlug: string; scope: KeyScope; name?: string }) {
  const project = await db.prisma.project.findUnique({ where: { slug: opts.projectSlug } });
  if (!project) throw notFound(`Project '${opts.projectSlug}'`);
  const key = generateKey();
  const row = await db.prisma.apiKey.create({
    data: { projectId: project.id, scope: opts.scope, name: opts.name, prefix: key.slice(0, 10), hash: hashKey(key) },
  });
  return { id: row.id, key, scope: row.scope as KeyScope, project: project.slug, prefix: row.prefix, createdAt: row.createdAt };
}
