import "server-only";
import type { Database } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { recordAudit } from "@/lib/server/auth/audit";
import { betterAuthFor } from "@/lib/server/auth/better-auth";
import { setPassword } from "@/lib/server/auth/passwords";

export interface UserView {
  id: string;
  email: string;
  name: string;
  admin: boolean;
  disabled: boolean;
  createdAt: string;
  /** The newest session's start: when the user last signed in (null: never). */
  lastSignInAt: string | null;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Creates an account with an email + password. The first account of a server is its admin,
 * whatever `admin` says (someone has to be able to let the others in).
 */
export async function createUser(db: Database, opts: { email: string; password: string; name?: string; admin?: boolean; actor: string }): Promise<UserView> {
  const email = normalizeEmail(opts.email);
  const taken = () => new ApiError("conflict", `An account with email '${email}' exists already`, [{ path: "email", message: "taken" }]);
  if (await db.prisma.user.findUnique({ where: { email } })) throw taken();
  const ba = await betterAuthFor(db);
  const { user } = await ba.api
    .createUser({ body: { email, password: opts.password, name: opts.name?.trim() || email.split("@")[0], role: opts.admin ? "admin" : "user" } })
    .catch((err: unknown) => {
      // Created meanwhile by someone else (two instances bootstrapping the same admin at once).
      if (isUniqueViolation(err)) throw taken();
      throw err;
    });
  const first = await promoteIfFirst(db, user.id);
  await recordAudit(db, { action: "user.created", actor: opts.actor, target: email, detail: { admin: !!opts.admin || first, first } });
  return getUser(db, user.id);
}

function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++)
    if (e.code === "P2002" || e.code === "23505") return true;
  return false;
}

/**
 * The first account of a server becomes its admin. Decided after the account is committed, by
 * creation order, so accounts created at the same moment (two instances, a CLI and an OpenID
 * Connect sign-in) can't all take it: exactly the earliest one does.
 */
export async function promoteIfFirst(db: Database, userId: string): Promise<boolean> {
  const rows = await db.sql.query(
    `UPDATE users SET role = 'admin' WHERE id = $1 AND id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1) RETURNING id`,
    [userId],
  );
  return rows.length > 0;
}

export async function getUser(db: Database, id: string): Promise<UserView> {
  const u = await db.prisma.user.findUnique({ where: { id }, include: { sessions: { orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } } } });
  if (!u) throw notFound("User");
  return view(u);
}

export async function findUserByEmail(db: Database, email: string): Promise<UserView> {
  const u = await db.prisma.user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!u) throw notFound(`Account '${email}'`);
  return getUser(db, u.id);
}

export async function listUsers(db: Database): Promise<UserView[]> {
  const rows = await db.prisma.user.findMany({
    orderBy: { createdAt: "asc" },
    include: { sessions: { orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } } },
  });
  return rows.map(view);
}

function view(u: {
  id: string;
  email: string;
  name: string;
  role: string | null;
  banned: boolean | null;
  createdAt: Date;
  sessions?: { createdAt: Date }[];
}): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    admin: u.role === "admin",
    disabled: !!u.banned,
    createdAt: u.createdAt.toISOString(),
    lastSignInAt: u.sessions?.[0]?.createdAt.toISOString() ?? null,
  };
}

/** Admin changes to an account: disable (signs it out everywhere) or enable, grant or drop admin, set a new password. */
export async function updateUser(db: Database, opts: { id: string; disabled?: boolean; admin?: boolean; password?: string; actor: string }): Promise<UserView> {
  const before = await getUser(db, opts.id);
  const losesAdmin = before.admin && !before.disabled && (opts.admin === false || opts.disabled === true);
  if (losesAdmin) await keepAnAdmin(db, opts.id);
  if (opts.disabled !== undefined && opts.disabled !== before.disabled) {
    await db.prisma.user.update({ where: { id: opts.id }, data: { banned: opts.disabled, banReason: opts.disabled ? "disabled by an admin" : null } });
    if (opts.disabled) await db.prisma.session.deleteMany({ where: { userId: opts.id } });
    await recordAudit(db, { action: opts.disabled ? "user.disabled" : "user.enabled", actor: opts.actor, target: before.email });
  }
  if (opts.admin !== undefined && opts.admin !== before.admin) {
    await db.prisma.user.update({ where: { id: opts.id }, data: { role: opts.admin ? "admin" : "user" } });
    await recordAudit(db, { action: "user.role_changed", actor: opts.actor, target: before.email, detail: { admin: opts.admin } });
  }
  if (opts.password !== undefined) {
    await setPassword(db, opts.id, opts.password);
    // Whoever knew the old password is signed out.
    await db.prisma.session.deleteMany({ where: { userId: opts.id } });
    await recordAudit(db, { action: "user.password_set", actor: opts.actor, target: before.email });
  }
  return getUser(db, opts.id);
}

/** The last enabled admin can't be disabled or demoted: nobody could manage accounts any more. */
async function keepAnAdmin(db: Database, losingId: string): Promise<void> {
  const others = await db.prisma.user.count({ where: { role: "admin", id: { not: losingId }, OR: [{ banned: false }, { banned: null }] } });
  if (others === 0) throw new ApiError("conflict", "This is the last admin: make another account admin first", [{ path: "admin", message: "last admin" }]);
}

/** Team mode start: ANNEAL_ADMIN_EMAIL/ANNEAL_ADMIN_PASSWORD create the first admin when there is no account yet. */
export async function bootstrapAdmin(db: Database, email: string, password: string): Promise<boolean> {
  if ((await db.prisma.user.count()) > 0) return false;
  try {
    await createUser(db, { email, password, admin: true, actor: "env:ANNEAL_ADMIN_EMAIL" });
    return true;
  } catch (err) {
    // Another instance starting at the same moment created it.
    if (err instanceof ApiError && err.code === "conflict") return false;
    throw err;
  }
}
