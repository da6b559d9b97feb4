import { z } from "zod";
import { ZIsoTime } from "./wire";
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

// ---- Answers -------------------------------------------------------------------------------

/** An alert as listed: the signing secret only as its first characters (`secret` whole once, when made or rotated). */
export const ZAlert = z.strictObject({
  id: z.number(),
  name: z.string(),
  url: z.string(),
  format: z.string(),
  rules: z.array(z.string()),
  plateauEvaluations: z.number(),
  enabled: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: ZIsoTime,
  secretPrefix: z.string(),
  secret: z.string().optional(),
});
export const ZAlertList = z.strictObject({ alerts: z.array(ZAlert) });
export const ZTestAlertQueued = z.strictObject({ deliveryId: z.string() });

export const ZDelivery = z.strictObject({
  id: z.string(),
  alertId: z.number(),
  alertName: z.string(),
  rule: z.string(),
  runId: z.string().nullable(),
  title: z.string().nullable(),
  link: z.string().nullable(),
  /** pending → delivered | failed */
  status: z.string(),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastResponse: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: ZIsoTime,
  deliveredAt: ZIsoTime.nullable(),
  nextAttemptAt: ZIsoTime.nullable(),
});
export const ZDeliveryList = z.strictObject({ deliveries: z.array(ZDelivery) });
