import "server-only";
import type { ProjectRole } from "@/lib/auth/roles";

export interface ProjectView {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  mainMetric: string;
  mainMetricMode: "max" | "min";
  runCount: number;
  createdAt: string;
  /** The caller's role here (admins and the local user: owner), so the UI shows only the controls it may use. */
  role: ProjectRole | null;
}

export function projectView(
  p: {
    id: number;
    slug: string;
    name: string;
    description: string | null;
    mainMetric: string;
    mainMetricMode: string;
    createdAt: Date;
    runCount?: number;
  },
  role: ProjectRole | null,
): ProjectView {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    mainMetric: p.mainMetric,
    mainMetricMode: p.mainMetricMode === "min" ? "min" : "max",
    runCount: p.runCount ?? 0,
    createdAt: p.createdAt.toISOString(),
    role,
  };
}

/** "Cityscapes Seg!" → "cityscapes-seg" */
export function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-._]+|[-._]+$/g, "")
    .slice(0, 64);
  return s || "project";
}
