import { z } from "zod";
import { ZSlug } from "./common";
import { ZIsoTime } from "./wire";
import { PROJECT_ROLES } from "@/lib/auth/roles";

export const ZCreateProject = z.object({
  name: z.string().min(1).max(200),
  slug: ZSlug.optional(),
  description: z.string().max(10_000).optional(),
  mainMetric: z.string().min(1).max(200).optional(),
  mainMetricMode: z.enum(["max", "min"]).optional(),
});
export type TCreateProject = z.infer<typeof ZCreateProject>;

export const ZUpdateProject = ZCreateProject.partial().omit({ slug: true });
export type TUpdateProject = z.infer<typeof ZUpdateProject>;

export const ZProject = z.strictObject({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  mainMetric: z.string(),
  mainMetricMode: z.enum(["max", "min"]),
  runCount: z.number(),
  createdAt: ZIsoTime,
  /** The caller's role here (admins and the local user: owner), so the UI shows only the controls it may use. */
  role: z.enum(PROJECT_ROLES).nullable(),
});
export const ZProjectList = z.strictObject({ projects: z.array(ZProject) });

/** POST /api/v1/demo */
export const ZDemoLoaded = z.strictObject({ project: z.string(), runs: z.number(), created: z.number() });
