import "server-only";
import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/auth/auth";
import { findProject } from "@/lib/server/projects/find-project";
import { requireProjectRole } from "@/lib/server/review/require-role";

interface DeliveryRow {
  id: string;
  alertId: number;
  alertName: string;
  rule: string;
  runId: string | null;
  title: string | null;
  link: string | null;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastResponse: string | null;
  lastError: string | null;
  createdAt: Date | string;
  deliveredAt: Date | string | null;
  nextAttemptAt: Date | string | null;
}

/** GET /api/v1/projects/{slug}/alert-deliveries: the delivery log, newest first, with each one's last answer. */
export async function listDeliveries(db: Database, opts: { slug: string; limit: number; auth: Auth }) {
  const project = await findProject(db, opts.slug);
  requireProjectRole(opts.auth, project.id, "read");
  const rows = await db.sql.query<DeliveryRow>(
    `SELECT d.id::text AS id, d.alert_id AS "alertId", a.name AS "alertName", d.rule, d.run_id AS "runId", d.payload ->> 'title' AS title,
            d.payload ->> 'link' AS link, d.status, d.attempts, d.last_status AS "lastStatus", d.last_response AS "lastResponse",
            d.last_error AS "lastError", d.created_at AS "createdAt", d.delivered_at AS "deliveredAt",
            CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS "nextAttemptAt"
       FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
      WHERE d.project_id = $1 ORDER BY d.id DESC LIMIT $2`,
    [project.id, opts.limit],
  );
  const iso = (v: Date | string | null) => (v ? new Date(v).toISOString() : null);
  return {
    deliveries: rows.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt).toISOString(),
      deliveredAt: iso(r.deliveredAt),
      nextAttemptAt: iso(r.nextAttemptAt),
    })),
  };
}
