import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { recordAudit } from "@/lib/server/auth/audit";
import type { ProjectRole } from "@/lib/auth/roles";
import { pageUrl } from "@/lib/server/runs/run-view";
import { addMember } from "@/lib/server/members/members";
import { Auth } from "@/lib/server/auth/auth";
import { createUser, normalizeEmail, type UserView } from "@/lib/server/users/users";

/** How long an invitation link works. */
export const INVITE_DAYS = 7;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface InviteView {
  id: number;
  email: string | null;
  admin: boolean;
  project: string | null;
  role: ProjectRole | null;
  createdAt: string;
  expiresAt: string;
  state: "open" | "accepted" | "expired" | "revoked";
}

/** An admin invites someone: the link (shown once) lets them pick a password; optionally they join a project with a role. */
export async function createInvite(db: Database, opts: { email?: string; admin?: boolean; projectSlug?: string; role?: ProjectRole; auth: Auth }) {
  let projectId: number | null = null;
  if (opts.projectSlug) {
    const project = await db.prisma.project.findUnique({ where: { slug: opts.projectSlug } });
    if (!project) throw notFound(`Project '${opts.projectSlug}'`);
    projectId = project.id;
  }
  const email = opts.email ? normalizeEmail(opts.email) : null;
  if (email && (await db.prisma.user.findUnique({ where: { email } })))
    throw new ApiError("conflict", `An account with email '${email}' exists already: add it to projects instead`, [{ path: "email", message: "taken" }]);
  const token = randomBytes(24).toString("base64url");
  const row = await db.prisma.invite.create({
    data: {
      tokenHash: hashToken(token),
      email,
      admin: !!opts.admin,
      projectId,
      role: projectId ? (opts.role ?? "viewer") : null,
      createdById: opts.auth.user?.id,
      expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000),
    },
  });
  await recordAudit(db, {
    action: "invite.created",
    actor: opts.auth.auditActor,
    projectId,
    target: email ?? `invite:${row.id}`,
    detail: { admin: row.admin, role: row.role },
  });
  const url = pageUrl(`invite/${token}`);
  return { invite: await view(db, row), token, url };
}

export async function listInvites(db: Database): Promise<InviteView[]> {
  const rows = await db.prisma.invite.findMany({ orderBy: { id: "desc" }, take: 200 });
  return Promise.all(rows.map((r) => view(db, r)));
}

export async function revokeInvite(db: Database, opts: { id: number; auth: Auth }): Promise<void> {
  const row = Number.isSafeInteger(opts.id) ? await db.prisma.invite.findUnique({ where: { id: opts.id } }) : null;
  if (!row || row.acceptedAt || row.revokedAt) throw notFound(`Open invitation ${opts.id}`);
  await db.prisma.invite.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  await recordAudit(db, { action: "invite.revoked", actor: opts.auth.auditActor, projectId: row.projectId, target: row.email ?? `invite:${row.id}` });
}

/** What the invitation page shows before the invitee picks a password (only for a valid, open link). */
export async function readInvite(db: Database, token: string): Promise<InviteView> {
  return view(db, await openInvite(db, token));
}

/**
 * Accepts an invitation: creates the account, adds the project role, and marks the link used.
 * The link is claimed first (one UPDATE … WHERE accepted_at IS NULL), so two people opening it at
 * once can't both get an account from it.
 */
export async function acceptInvite(db: Database, opts: { token: string; email?: string; name?: string; password: string }): Promise<UserView> {
  const invite = await openInvite(db, opts.token);
  const email = invite.email ?? (opts.email ? normalizeEmail(opts.email) : null);
  if (!email) throw new ApiError("invalid_argument", "This invitation names no email: give yours", [{ path: "email", message: "required" }]);
  const claimed = await db.prisma.invite.updateMany({ where: { id: invite.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: new Date() } });
  if (claimed.count === 0) throw new ApiError("gone", "This invitation has been used already");
  try {
    const user = await createUser(db, { email, password: opts.password, name: opts.name, admin: invite.admin, actor: `invite:${invite.id}` });
    await db.prisma.invite.update({ where: { id: invite.id }, data: { acceptedById: user.id } });
    if (invite.projectId && invite.role) {
      const project = await db.prisma.project.findUnique({ where: { id: invite.projectId } });
      if (project) await addMember(db, { projectSlug: project.slug, email, role: invite.role as ProjectRole, auth: Auth.operator() });
    }
    await recordAudit(db, { action: "invite.accepted", actor: `user:${email}`, projectId: invite.projectId, target: `invite:${invite.id}` });
    return user;
  } catch (err) {
    // The account could not be created (e.g. the email is taken): the link stays usable.
    await db.prisma.invite.update({ where: { id: invite.id }, data: { acceptedAt: null } });
    throw err;
  }
}

async function openInvite(db: Database, token: string) {
  const row = await db.prisma.invite.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt) throw notFound("Invitation");
  if (row.acceptedAt) throw new ApiError("gone", "This invitation has been used already: sign in instead");
  if (row.expiresAt.getTime() < Date.now()) throw new ApiError("gone", "This invitation has expired: ask an admin for a new link");
  return row;
}

async function view(
  db: Database,
  r: {
    id: number;
    email: string | null;
    admin: boolean;
    projectId: number | null;
    role: string | null;
    createdAt: Date;
    expiresAt: Date;
    acceptedAt: Date | null;
    revokedAt: Date | null;
  },
): Promise<InviteView> {
  const project = r.projectId ? await db.prisma.project.findUnique({ where: { id: r.projectId }, select: { slug: true } }) : null;
  const state = r.revokedAt ? "revoked" : r.acceptedAt ? "accepted" : r.expiresAt.getTime() < Date.now() ? "expired" : "open";
  return {
    id: r.id,
    email: r.email,
    admin: r.admin,
    project: project?.slug ?? null,
    role: (r.role as ProjectRole | null) ?? null,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    state,
  };
}
