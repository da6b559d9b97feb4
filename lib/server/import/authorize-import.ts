import "server-only";
import type { Database } from "@/lib/db/client";
import { ZSlug } from "@/lib/schemas/common";
import { ApiError } from "@/lib/server/api/errors";
import type { Auth } from "@/lib/server/auth/auth";

/**
 * The import's project check, made before any file of the upload is read: the project must be
 * named first (the `project` field before the files, or `?project=`), and the caller must be
 * allowed to write there (or to create it).
 */
export async function authorizeImport(db: Database, auth: Auth, slug: string | null | undefined): Promise<void> {
  if (!slug)
    throw new ApiError("invalid_argument", "Name the project before the files: send the 'project' form field first, or ?project=<slug>", [
      { path: "project", message: "required before the files" },
    ]);
  if (!ZSlug.safeParse(slug).success) throw new ApiError("invalid_argument", "Invalid project slug", [{ path: "project", message: "not a valid slug" }]);
  const project = await db.prisma.project.findUnique({ where: { slug }, select: { id: true } });
  auth.require(project?.id ?? null, "write");
}
