import "server-only";
import type { Database } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/server/api/errors";
import type { Auth } from "@/lib/server/auth/auth";
import { recordAudit } from "@/lib/server/auth/audit";
import type { ProjectRole } from "@/lib/auth/roles";
import { publishEvent } from "@/lib/server/events/publish-event";

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: ProjectRole;
  disabled: boolean;
  addedAt: string;
}

async function projectBySlug(db: Database, slug: string) {
  const project = await db.prisma.project.findUnique({ where: { slug } });
  if (!project) throw notFound(`Project '${slug}'`);
  return project;
}

export async function listMembers(db: Database, opts: { projectSlug: string }): Promise<MemberView[]> {
  const project = await projectBySlug(db, opts.projectSlug);
  const rows = await db.prisma.projectMember.findMany({ where: { projectId: project.id }, include: { user: true }, orderBy: { createdAt: "asc" } });
  return rows.map((m) => ({
    userId: m.userId,
    email: m.user.email,
    name: m.user.name,
    role: m.role as ProjectRole,
    disabled: !!m.user.banned,
    addedAt: m.createdAt.toISOString(),
  }));
}

/** Adds a user (by email) to a project, or changes their role when they are a member already. */
export async function addMember(db: Database, opts: { projectSlug: string; email: string; role: ProjectRole; auth: Auth }): Promise<MemberView> {
  const project = await projectBySlug(db, opts.projectSlug);
  const user = await db.prisma.user.findUnique({ where: { email: opts.email.trim().toLowerCase() } });
  if (!user)
    throw new ApiError("not_found", `No account uses '${opts.email}'. An admin can create it or send an invite link.`, [
      { path: "email", message: "no such account" },
    ]);
  const existing = await db.prisma.projectMember.findUnique({ where: { projectId_userId: { projectId: project.id, userId: user.id } } });
  if (existing) return changeRole(db, { projectSlug: opts.projectSlug, userId: user.id, role: opts.role, auth: opts.auth });
  const m = await db.prisma.projectMember.create({ data: { projectId: project.id, userId: user.id, role: opts.role } });
  await publishEvent(db.sql, {
    projectId: project.id,
    type: "member.added",
    actor: opts.auth.actor,
    data: { userId: user.id, name: shownName(user), role: opts.role },
  });
  await recordAudit(db, { action: "member.added", actor: opts.auth.auditActor, projectId: project.id, target: user.email, detail: { role: opts.role } });
  return { userId: user.id, email: user.email, name: user.name, role: opts.role, disabled: !!user.banned, addedAt: m.createdAt.toISOString() };
}

export async function changeRole(db: Database, opts: { projectSlug: string; userId: string; role: ProjectRole; auth: Auth }): Promise<MemberView> {
  const project = await projectBySlug(db, opts.projectSlug);
  const before = await changeMembership(db, project.id, opts.userId, opts.role);
  const m = await db.prisma.projectMember.findUniqueOrThrow({
    where: { projectId_userId: { projectId: project.id, userId: opts.userId } },
    include: { user: true },
  });
  if (before !== opts.role) {
    await publishEvent(db.sql, {
      projectId: project.id,
      type: "member.changed",
      actor: opts.auth.actor,
      data: { userId: m.userId, name: shownName(m.user), role: opts.role },
    });
    await recordAudit(db, {
      action: "member.role_changed",
      actor: opts.auth.auditActor,
      projectId: project.id,
      target: m.user.email,
      detail: { from: before, to: opts.role },
    });
  }
  return { userId: m.userId, email: m.user.email, name: m.user.name, role: opts.role, disabled: !!m.user.banned, addedAt: m.createdAt.toISOString() };
}

export async function removeMember(db: Database, opts: { projectSlug: string; userId: string; auth: Auth }): Promise<void> {
  const project = await projectBySlug(db, opts.projectSlug);
  const user = await db.prisma.user.findUnique({ where: { id: opts.userId } });
  const before = await changeMembership(db, project.id, opts.userId, null);
  await publishEvent(db.sql, {
    projectId: project.id,
    type: "member.removed",
    actor: opts.auth.actor,
    data: { userId: opts.userId, name: user ? shownName(user) : opts.userId },
  });
  await recordAudit(db, {
    action: "member.removed",
    actor: opts.auth.auditActor,
    projectId: project.id,
    target: user?.email ?? opts.userId,
    detail: { role: before },
  });
}

/** How the activity feed names a member: the account's name, else its email. */
const shownName = (user: { name: string; email: string }) => user.name || user.email;

/**
 * Sets (role) or removes (null) a membership, refusing to leave the project without an owner.
 * The project's memberships are locked for the check, so two owners demoting each other at once
 * cannot both succeed. Returns the previous role.
 */
async function changeMembership(db: Database, projectId: number, userId: string, role: ProjectRole | null): Promise<string> {
  return db.sql.transaction(async (tx) => {
    const rows = await tx.query<{ user_id: string; role: string }>(`SELECT user_id, role FROM project_members WHERE project_id = $1 FOR UPDATE`, [projectId]);
    const member = rows.find((r) => r.user_id === userId);
    if (!member) throw notFound("Project member");
    const owners = rows.filter((r) => r.role === "owner").length;
    if (member.role === "owner" && role !== "owner" && owners <= 1)
      throw new ApiError("conflict", "A project keeps at least one owner: make someone else owner first", [{ path: "role", message: "last owner" }]);
    if (role) await tx.query(`UPDATE project_members SET role = $3 WHERE project_id = $1 AND user_id = $2`, [projectId, userId, role]);
    else await tx.query(`DELETE FROM project_members WHERE project_id = $1 AND user_id = $2`, [projectId, userId]);
    return member.role;
  });
}
