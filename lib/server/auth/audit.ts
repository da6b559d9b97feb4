import "server-only";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_out",
  "auth.sessions_revoked",
  "auth.password_changed",
  "user.created",
  "user.disabled",
  "user.enabled",
  "user.role_changed",
  "user.password_set",
  "invite.created",
  "invite.accepted",
  "invite.revoked",
  "key.created",
  "key.revoked",
  "member.added",
  "member.role_changed",
  "member.removed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  /** Auth.actor, "cli", or the email tried for a failed sign-in. */
  actor: string;
  projectId?: number | null;
  target?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends an audit entry (sign-ins, keys, roles, accounts). */
export async function recordAudit(db: Database, e: AuditEntry): Promise<void> {
  await db.prisma.auditEvent.create({
    data: { action: e.action, actor: e.actor, projectId: e.projectId ?? null, target: e.target ?? null, detail: (e.detail ?? {}) as Prisma.InputJsonObject },
  });
}

/** Newest first; `before` is the id of the last entry of the previous page. */
export async function listAudit(db: Database, opts: { projectId?: number; limit: number; before?: bigint }) {
  const rows = await db.prisma.auditEvent.findMany({
    where: { projectId: opts.projectId, id: opts.before !== undefined ? { lt: opts.before } : undefined },
    orderBy: { id: "desc" },
    take: opts.limit,
  });
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    action: r.action,
    actor: r.actor,
    projectId: r.projectId,
    target: r.target,
    detail: r.detail as Record<string, unknown>,
  }));
}
