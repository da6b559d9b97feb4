import { z } from "zod";
import { ALERT_FORMATS, ALERT_RULES } from "@/lib/alerts/alert-rules";

export const MAX_ALERTS_PER_PROJECT = 50;
export const MAX_PLATEAU_EVALUATIONS = 10_000;

const ZWebhookUrl = z
  .string()
  .max(2_000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: "an http:// or https:// URL" });

export const ZCreateAlert = z.object({
  name: z.string().trim().min(1).max(200),
  url: ZWebhookUrl,
  format: z.enum(ALERT_FORMATS).default("json"),
  rules: z
    .array(z.enum(ALERT_RULES))
    .min(1, "pick at least one rule")
    .max(ALERT_RULES.length)
    .transform((r) => [...new Set(r)]),
  plateauEvaluations: z.number().int().min(1).max(MAX_PLATEAU_EVALUATIONS).default(10),
  enabled: z.boolean().default(true),
});
export type TCreateAlert = z.infer<typeof ZCreateAlert>;

export const ZUpdateAlert = z.object({
  name: ZCreateAlert.shape.name.optional(),
  url: ZWebhookUrl.optional(),
  format: z.enum(ALERT_FORMATS).optional(),
  rules: ZCreateAlert.shape.rules.optional(),
  plateauEvaluations: z.number().int().min(1).max(MAX_PLATEAU_EVALUATIONS).optional(),
  enabled: z.boolean().optional(),
  /** A new signing secret (shown once in the answer). */
  rotateSecret: z.literal(true).optional(),
});
export type TUpdateAlert = z.infer<typeof ZUpdateAlert>;

export const MAX_DELIVERY_PAGE = 200;
export const ZDeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(MAX_DELIVERY_PAGE).default(50) });
