import "server-only";
import type { Database } from "@/lib/db/client";
import { ApiError } from "@/lib/server/api/errors";
import type { Auth } from "@/lib/server/auth/auth";
import type { TCreateProject } from "@/lib/schemas/projects";
import { projectView, slugify } from "./project-view";

/** Creates a project; a signed-in creator becomes its owner. */
export async function createProject(db: Database, opts: { input: TCreateProject; auth: Auth }) {
  const { input, auth } = opts;
  auth.require(null, "write");
  const slug = input.slug ?? slugify(input.name);
  const taken = () => new ApiError("conflict", `A project with slug '${slug}' already exists`, [{ path: "slug", message: "taken" }]);
  if (await db.prisma.project.findUnique({ where: { slug } })) throw taken();
  try {
    const p = await db.prisma.$transaction(async (tx) => {
      const created = await tx.project.create({
        data: { slug, name: input.name, description: input.description, mainMetric: input.mainMetric, mainMetricMode: input.mainMetricMode },
      });
      // The creator owns it (lib/server/projects/ensure-project.ts says the same for projects created by a first write).
      if (auth.user) await tx.projectMember.create({ data: { projectId: created.id, userId: auth.user.id, role: "owner" } });
      return created;
    });
    return projectView(p, auth.user ? "owner" : auth.roleIn(p.id));
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw taken();
    throw err;
  }
}
