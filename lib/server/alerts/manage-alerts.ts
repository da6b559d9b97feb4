import "server-only";
import { randomBytes } from "node:crypto";
import type { Database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import type { Actor } from "@/lib/events/event-types";
import { MAX_ALERTS_PER_PROJECT, type TCreateAlert, type TUpdateAlert } from "@/lib/schemas/alerts";
import type { Auth } from "@/lib/server/auth/auth";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { publishEvent } from "@/lib/server/events/publish-event";
import { findProject } from "@/lib/server/projects/find-project";
import { actorOf } from "@/lib/server/review/actor";
import { requireProjectRole } from "@/lib/server/review/require-role";
import { pageUrl } from "@/lib/server/runs/run-view";
import { projectPath } from "@/lib/review/paths";

interface AlertRow {
  id: number;
  projectId: number;
  name: string;
  url: string;
  format: string;
  secret: string;
  rules: string[];
  plateauEvaluations: number;
  enabled: boolean;
  createdBy: string | null;
  createdAt: Date;
}

const newSecret = () => `whsec_${randomBytes(24).toString("base64url")}`;

/** An alert as listed: the signing secret only as its first characters (it is shown whole once, when made). */
function alertView(a: AlertRow, opts: { withSecret?: boolean } = {}) {
  return {
    id: a.id,
    name: a.name,
    url: a.url,
    format: a.format,
    rules: a.rules,
    plateauEvaluations: a.plateauEvaluations,
    enabled: a.enabled,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
    secretPrefix: a.secret.slice(0, 10),
    ...(opts.withSecret ? { secret: a.secret } : {}),
  };
}

function announce(sql: Sql, a: { id: number; projectId: number; name: string }, action: "created" | "updated" | "deleted", actor: Actor) {
  return publishEvent(sql, { projectId: a.projectId, type: "alert.changed", actor, data: { alertId: a.id, name: a.name, action } });
}

export async function listAlerts(db: Database, opts: { slug: string; auth: Auth }) {
  const project = await findProject(db, opts.slug);
  requireProjectRole(opts.auth, project.id, "read");
  const rows = await db.prisma.alert.findMany({ where: { projectId: project.id }, orderBy: { id: "asc" } });
  return { alerts: rows.map((a) => alertView(a)) };
}

/** POST /api/v1/projects/{slug}/alerts: a webhook and its rules; the answer carries the signing secret, once. */
export async function createAlert(db: Database, opts: { slug: string; input: TCreateAlert; auth: Auth }) {
  const project = await findProject(db, opts.slug);
  requireProjectRole(opts.auth, project.id, "review");
  const actor = actorOf(opts.auth);
  const row = await db.sql.transaction(async (tx) => {
    await tx.query(`SELECT 1 FROM projects WHERE id = $1 FOR UPDATE`, [project.id]);
    const [{ n }] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts WHERE project_id = $1`, [project.id]);
    if (n >= MAX_ALERTS_PER_PROJECT) throw new ApiError("conflict", `A project holds at most ${MAX_ALERTS_PER_PROJECT} alerts`);
    const i = opts.input;
    const [a] = await tx.query<AlertRow>(
      `INSERT INTO alerts (project_id, name, url, format, secret, rules, plateau_evaluations, enabled, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9) RETURNING ${ALERT_COLUMNS}`,
      [project.id, i.name, i.url, i.format, newSecret(), i.rules, i.plateauEvaluations, i.enabled, actor.name],
    );
    await announce(tx, a, "created", actor);
    return a;
  });
  return alertView(row, { withSecret: true });
}

export async function updateAlert(db: Database, opts: { id: string; patch: TUpdateAlert; auth: Auth }) {
  const current = await findAlert(db, opts.id);
  requireProjectRole(opts.auth, current.projectId, "review");
  const p = opts.patch;
  const actor = actorOf(opts.auth);
  const row = await db.sql.transaction(async (tx) => {
    const [a] = await tx.query<AlertRow>(
      `UPDATE alerts SET name = COALESCE($2, name), url = COALESCE($3, url), format = COALESCE($4, format), rules = COALESCE($5::text[], rules),
              plateau_evaluations = COALESCE($6, plateau_evaluations), enabled = COALESCE($7, enabled), secret = COALESCE($8, secret)
        WHERE id = $1 RETURNING ${ALERT_COLUMNS}`,
      [
        current.id,
        p.name ?? null,
        p.url ?? null,
        p.format ?? null,
        p.rules ?? null,
        p.plateauEvaluations ?? null,
        p.enabled ?? null,
        p.rotateSecret ? newSecret() : null,
      ],
    );
    await announce(tx, a, "updated", actor);
    return a;
  });
  return alertView(row, { withSecret: p.rotateSecret });
}

export async function deleteAlert(db: Database, opts: { id: string; auth: Auth }) {
  const current = await findAlert(db, opts.id);
  requireProjectRole(opts.auth, current.projectId, "review");
  await db.sql.transaction(async (tx) => {
    await tx.query(`DELETE FROM alerts WHERE id = $1`, [current.id]);
    await announce(tx, current, "deleted", actorOf(opts.auth));
  });
}

/** POST /api/v1/alerts/{id}/test: a delivery that says "it works", through the same queue, signature and retries. */
export async function sendTestAlert(db: Database, opts: { id: string; auth: Auth }) {
  const alert = await findAlert(db, opts.id);
  requireProjectRole(opts.auth, alert.projectId, "review");
  const project = await db.prisma.project.findUniqueOrThrow({ where: { id: alert.projectId } });
  const payload = {
    rule: "test",
    title: `Test alert from Anneal for ${alert.name}`,
    link: pageUrl(`${projectPath(project.slug)}/alerts`),
    runId: null,
    details: { requestedBy: actorOf(opts.auth).name },
    occurredAt: new Date().toISOString(),
  };
  const [row] = await db.sql.query<{ id: string }>(
    `INSERT INTO alert_deliveries (alert_id, project_id, occurrence, rule, payload) VALUES ($1, $2, $3, 'test', $4::jsonb) RETURNING id::text AS id`,
    [alert.id, alert.projectId, `test:${randomBytes(8).toString("hex")}`, JSON.stringify(payload)],
  );
  return { deliveryId: row.id };
}

/** An alert by its id as it appears in a path; anything that isn't one is a 404 like an unknown id. */
async function findAlert(db: Database, id: string) {
  const a = /^\d{1,9}$/.test(id) ? await db.prisma.alert.findUnique({ where: { id: Number(id) } }) : null;
  if (!a) throw notFound(`Alert ${id}`);
  return a;
}

export const ALERT_COLUMNS = `id, project_id AS "projectId", name, url, format, secret, rules, plateau_evaluations AS "plateauEvaluations", enabled,
  created_by AS "createdBy", created_at AS "createdAt"`;
