import { z } from "zod";
import { ZSlug } from "./common";

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
