import { z } from "zod";
import { ZConfig, ZSlug, ZTags } from "./common";
import { ZJsonObject, ZWireNumber } from "./wire";

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

// ---- Answers -------------------------------------------------------------------------------

const ZRunRef = z.strictObject({ id: z.string(), name: z.string(), url: z.string() });

export const ZImportMetricPreview = z.strictObject({
  count: z.number(),
  minStep: z.number(),
  maxStep: z.number(),
  first: ZWireNumber,
  last: ZWireNumber,
  /** Values that fell on a step this key already held from another line (only the last kept). */
  collapsed: z.number().optional(),
});

/** A run as the preview describes it (nothing written). */
export const ZImportPreviewRun = z.strictObject({
  index: z.number(),
  name: z.string(),
  tags: z.array(z.string()),
  config: ZJsonObject,
  format: z.string(),
  confidence: z.number(),
  /** Every format tried, most confident first, with why each did not match. */
  tried: z.array(z.strictObject({ format: z.string(), confidence: z.number(), reason: z.string().optional() })),
  files: z.array(z.string()),
  points: z.number(),
  metrics: z.record(z.string(), ZImportMetricPreview),
  keys: z.strictObject({ lr: z.string().optional(), mainMetric: z.string().optional(), x: z.enum(["step", "epoch"]) }),
  warnings: z.array(z.string()),
  /** How the file was read where it could be read more than one way, and why. */
  notes: z.array(z.string()),
  contentHash: z.string(),
  /** A run of the project with the same content. */
  duplicateOf: ZRunRef.nullable(),
});

/** A run as imported (or, with `duplicateOf`, the existing run it duplicates: nothing written). */
export const ZImportedRun = ZRunRef.extend({
  format: z.string(),
  points: z.number(),
  metrics: z.array(z.string()),
  duplicateOf: ZRunRef.nullable(),
  warnings: z.array(z.string()).optional(),
  notes: z.array(z.string()).optional(),
});

/** POST /api/v1/import: 200 with `preview: true` (nothing written), 201 with the imported runs. */
export const ZImportPreview = z.strictObject({ preview: z.literal(true), ignored: z.array(z.string()), runs: z.array(ZImportPreviewRun) });
export const ZImportDone = z.strictObject({ preview: z.literal(false), ignored: z.array(z.string()), runs: z.array(ZImportedRun) });

export const ZImportFormats = z.strictObject({
  formats: z.array(z.strictObject({ id: z.string(), title: z.string(), detection: z.string(), example: z.string() })),
});
