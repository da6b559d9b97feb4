import "server-only";
import type { Database } from "@/lib/db/client";
import { ApiError } from "@/lib/server/api/errors";
import { clientAddress } from "@/lib/server/http/client-address";
import type { Auth } from "./auth";
import { recordAudit } from "./audit";
import { checkSignIn } from "./authenticate";
import { betterAuthFor } from "./better-auth";

/** A Better Auth answer turned into what Anneal's routes send: status, JSON, the cookies it set. */
interface AuthAnswer {
  status: number;
  json: Record<string, unknown> | null;
  cookies: string[];
}

async function answer(res: Response): Promise<AuthAnswer> {
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null, cookies: res.headers.getSetCookie() };
}

/** Copies the session cookies onto an Anneal response. */
export function withCookies(res: Response, cookies: string[]): Response {
  for (const c of cookies) res.headers.append("set-cookie", c);
  return res;
}

/**
 * Email + password sign-in: starts a database session and returns its cookie. Wrong password
 * and unknown email get the same 401 after the same work (Better Auth hashes the attempt either
 * way); failures count toward the per-account and per-address limits (429 + Retry-After).
 */
export async function signIn(db: Database, opts: { email: string; password: string; request: Request }) {
  const ba = await betterAuthFor(db);
  const email = opts.email.trim().toLowerCase();
  const ok = await checkSignIn(db, email, opts.request, async () => {
    const a = await answer(
      await ba.api.signInEmail({ body: { email, password: opts.password, rememberMe: true }, headers: userAgentOnly(opts.request), asResponse: true }),
    );
    if (a.status === 403) throw new ApiError("permission_denied", "This account is disabled. Ask an Anneal admin to enable it.");
    if (a.status !== 200) {
      await recordAudit(db, { action: "auth.sign_in_failed", actor: email, detail: { address: clientAddress(opts.request) } });
      return null;
    }
    return a;
  });
  const user = ok.json!.user as { id: string; email: string; name: string };
  await recordAudit(db, { action: "auth.sign_in", actor: `user:${user.email}`, detail: { method: "password", address: clientAddress(opts.request) } });
  return { user: { id: user.id, email: user.email, name: user.name }, cookies: ok.cookies };
}

/** Ends this browser's session (and clears its cookie). Without one, nothing to do. */
export async function signOut(db: Database, opts: { request: Request; auth: Auth }) {
  const ba = await betterAuthFor(db);
  const a = await answer(await ba.api.signOut({ headers: opts.request.headers, asResponse: true }));
  if (opts.auth.user) await recordAudit(db, { action: "auth.sign_out", actor: opts.auth.auditActor });
  return { cookies: a.cookies };
}

/** "Sign out everywhere": deletes every session of the user, this one included. */
export async function revokeAllSessions(db: Database, opts: { request: Request; auth: Auth }) {
  const user = requireSessionUser(opts.auth);
  const { count } = await db.prisma.session.deleteMany({ where: { userId: user.id } });
  await recordAudit(db, { action: "auth.sessions_revoked", actor: opts.auth.auditActor, detail: { sessions: count } });
  const ba = await betterAuthFor(db);
  return { revoked: count, cookies: (await answer(await ba.api.signOut({ headers: opts.request.headers, asResponse: true }))).cookies };
}

/** Changes the signed-in user's password (current one required, rate-limited like a sign-in); other sessions end. */
export async function changePassword(db: Database, opts: { currentPassword: string; newPassword: string; request: Request; auth: Auth }) {
  const user = requireSessionUser(opts.auth);
  const ba = await betterAuthFor(db);
  const ok = await checkSignIn(db, user.email, opts.request, async () => {
    const a = await answer(
      await ba.api.changePassword({
        body: { currentPassword: opts.currentPassword, newPassword: opts.newPassword, revokeOtherSessions: true },
        headers: opts.request.headers,
        asResponse: true,
      }),
    );
    if (a.status === 400 && (a.json?.code === "INVALID_PASSWORD" || a.json?.code === "CREDENTIAL_ACCOUNT_NOT_FOUND")) return null;
    if (a.status !== 200) throw new ApiError("invalid_argument", typeof a.json?.message === "string" ? a.json.message : "Could not change the password");
    return a;
  }).catch((err: unknown) => {
    if (err instanceof ApiError && err.code === "unauthenticated")
      throw new ApiError("invalid_argument", "The current password is wrong", [{ path: "currentPassword", message: "wrong password" }]);
    throw err;
  });
  await recordAudit(db, { action: "auth.password_changed", actor: opts.auth.auditActor });
  return { cookies: ok.cookies };
}

function requireSessionUser(auth: Auth) {
  const p = auth.principal;
  if (p.kind !== "user" || p.via !== "session") throw new ApiError("permission_denied", "This needs a signed-in browser session");
  return p.user;
}

/**
 * Better Auth records the user agent and address with a session; nothing else of the request is
 * passed on, and the address is the one clientAddress settled on (not what the client claimed).
 */
function userAgentOnly(request: Request): Headers {
  const h = new Headers({ "x-forwarded-for": clientAddress(request) });
  const agent = request.headers.get("user-agent");
  if (agent) h.set("user-agent", agent);
  return h;
}
