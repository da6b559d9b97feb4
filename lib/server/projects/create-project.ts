import type { Database } from "@/lib/db/client";
import { ApiError } from "@/lib/server/api/errors";
import type { TCreateProject } from "@/lib/schemas/projects";
import { projectView, slugify } from "./project-view";

export async function createProject(db: Database, input: TCreateProject) {
  const slug = input.slug ?? slugify(input.name);
  const existing = await db.prisma.project.findUnique({ where: { slug } });
  if (existing) throw new ApiError("conflict", `A project with slug '${slug}' already exists`, [{ path: "slug", message: "taken" }]);
  try {
    const p = await db.prisma.project.create({
      data: { slug, name: input.name, description: input.description, mainMetric: input.mainMetric, mainMetricMode: input.mainMetricMode },
    });
    return projectView(p);
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw new ApiError("conflict", `A project with slug '${slug}' already exists`);
    throw err;
  }
}
