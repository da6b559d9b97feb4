import { z } from "zod";
import { ZConfig, ZSlug, ZTags } from "./common";

const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);

const ZFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** Per-run edits from the preview, in the order the preview listed the runs. */
export const ZRunOverride = z.object({
  name: z.string().min(1).max(200).optional(),
  tags: ZTags.optional(),
  config: ZConfig.optional(),
  skip: z.boolean().optional(),
});

/** The text fields of POST /api/v1/import (multipart). */
export const ZImportFields = z.object({
  project: ZSlug,
  format: z.string().default("auto"),
  name: z.string().min(1).max(200).optional(),
  config: json(ZConfig).optional(),
  tags: json(ZTags).optional(),
  preview: ZFlag.default(false),
  allowDuplicates: ZFlag.default(false),
  overrides: json(z.array(ZRunOverride)).optional(),
});
export type TImportFields = z.infer<typeof ZImportFields>;
