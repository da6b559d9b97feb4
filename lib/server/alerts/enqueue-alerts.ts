import "server-only";
import type { Sql } from "@/lib/db/sql";
import type { AlertRule } from "@/lib/alerts/alert-rules";

/** Something an alert rule fires on, once: `occurrence` is unique per alert (e.g. "nan:<run>", "spike:<run>:<step>"). */
export interface AlertOccurrence {
  projectId: number;
  rule: AlertRule;
  occurrence: string;
  runId?: string | null;
  /** One line for chat: "NaN in loss at step 1,200 (sgd-5e-3)". */
  title: string;
  /** Absolute link to where it happened. */
  link: string;
  details: Record<string, unknown>;
  /** Only these alerts (rules with per-alert thresholds); default every enabled alert with the rule. */
  alertIds?: number[];
}

/**
 * Queues one delivery per enabled alert of the project that has the rule. The unique
 * (alert, occurrence) key makes a second notice of the same occurrence — a retried request,
 * another instance, a later check — a no-op. Call it inside the write's transaction (the alert
 * worker wakes on the write's event, after commit).
 */
export async function enqueueAlerts(sql: Sql, o: AlertOccurrence): Promise<number> {
  const payload = { rule: o.rule, title: o.title, link: o.link, runId: o.runId ?? null, details: o.details, occurredAt: new Date().toISOString() };
  const rows = await sql.query(
    `INSERT INTO alert_deliveries (alert_id, project_id, occurrence, rule, run_id, payload)
     SELECT a.id, a.project_id, $3, $4, $5, $6::jsonb FROM alerts a
      WHERE a.project_id = $1 AND a.enabled AND $4 = ANY(a.rules) AND ($2::int[] IS NULL OR a.id = ANY($2::int[]))
     ON CONFLICT (alert_id, occurrence) DO NOTHING RETURNING id`,
    [o.projectId, o.alertIds ?? null, o.occurrence, o.rule, o.runId ?? null, JSON.stringify(payload)],
  );
  return rows.length;
}
