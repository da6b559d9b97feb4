import "server-only";
import type { Database } from "@/lib/db/client";
import { ApiError } from "@/lib/server/api/errors";
import { env, isLoopbackHost } from "@/lib/server/env";
import { requireSameOriginProof } from "@/lib/server/http/request-guard";
import { cachedKey, rememberKey } from "@/lib/server/keys/key-cache";
import { hashKey, KEY_PREFIX } from "@/lib/server/keys/key-hash";
import { Auth, type SignedInUser } from "./auth";
import { betterAuthFor, SESSION_COOKIE } from "./better-auth";
import { verifyPassword } from "./passwords";
import { clientAddress } from "@/lib/server/http/client-address";
import { assertUnderLimit, LIMITS, recordFailure, clearFailures } from "./rate-limit";
import { isProjectRole, type ProjectRole } from "@/lib/auth/roles";

/**
 * Who sent this request: an API key (Authorization: Bearer ank_…, or as the password of HTTP
 * Basic), an email + password (HTTP Basic, for API clients that only speak Basic), a session
 * cookie (team mode), or nobody — the local user in local mode. Reads only headers: no body.
 * Bad credentials are a 401 (never silently anonymous), counted toward the rate limits.
 */
export async function authenticate(db: Database, request: Request): Promise<Auth> {
  const header = request.headers.get("authorization");
  if (header) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    if (bearer) return authenticateKey(db, bearer[1], request);
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (basic) return authenticateBasic(db, Buffer.from(basic[1], "base64").toString("utf8"), request);
    throw new ApiError("unauthenticated", "Authorization must be 'Bearer ank_…' or HTTP Basic");
  }
  const e = env();
  if (e.ANNEAL_MODE === "team") {
    const session = await sessionAuth(db, request);
    if (session) return session;
    return new Auth({ kind: "anonymous" });
  }
  return new Auth({ kind: isLoopbackHost(e.HOST) ? "local" : "visitor" });
}

/**
 * An API key's identity; unknown or revoked keys are 401s, and too many of those from one address
 * 429s. A key checked within the last seconds is taken from the key cache (lib/server/keys/key-cache.ts).
 */
export async function authenticateKey(db: Database, key: string, request: Request): Promise<Auth> {
  if (!key.startsWith(KEY_PREFIX)) throw new ApiError("unauthenticated", "Authorization must be 'Bearer ank_…' (an Anneal API key)");
  const hash = hashKey(key);
  let found = cachedKey(hash);
  if (!found) {
    const bucket = `key:${clientAddress(request)}`;
    await assertUnderLimit(db.sql, bucket, LIMITS.badKeyPerAddress);
    const row = await db.prisma.apiKey.findUnique({ where: { hash } });
    if (!row || row.revokedAt) {
      await recordFailure(db.sql, bucket, LIMITS.badKeyPerAddress);
      throw new ApiError("unauthenticated", "Unknown or revoked API key");
    }
    found = { id: row.id, projectId: row.projectId, scope: row.scope === "read" ? "read" : "write", lastUsedAt: row.lastUsedAt };
    rememberKey(hash, found);
  }
  // lastUsedAt is informational: don't make every ingest request wait for it.
  if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 60_000) {
    found.lastUsedAt = new Date();
    void db.prisma.apiKey.update({ where: { id: found.id }, data: { lastUsedAt: found.lastUsedAt } }).catch(() => {});
  }
  return new Auth({ kind: "key", key: { id: found.id, projectId: found.projectId, scope: found.scope } });
}

/** HTTP Basic: `anything:ank_…` is a key; otherwise `email:password`, checked like a sign-in (same limits). */
export async function authenticateBasic(db: Database, credentials: string, request: Request): Promise<Auth> {
  const colon = credentials.indexOf(":");
  const name = colon < 0 ? credentials : credentials.slice(0, colon);
  const secret = colon < 0 ? "" : credentials.slice(colon + 1);
  if (secret.startsWith(KEY_PREFIX)) return authenticateKey(db, secret, request);
  if (env().ANNEAL_MODE !== "team") throw new ApiError("unauthenticated", "Local mode has no accounts: send an API key as the Basic password, or nothing");
  const userId = await checkSignIn(db, name, request, () => verifyPassword(db, name, secret));
  const auth = await userAuth(db, userId, { via: "basic" });
  if (!auth) throw new ApiError("unauthenticated", "This account is disabled");
  return auth;
}

/**
 * Runs a password check under the sign-in rate limits (per account and per client address):
 * a 429 while over either, a failure counted on a wrong answer, the account's count reset on success.
 */
export async function checkSignIn<T>(db: Database, email: string, request: Request, attempt: () => Promise<T | null>): Promise<T> {
  const accountKey = `signin:${email.trim().toLowerCase()}`;
  const addressKey = `signin-addr:${clientAddress(request)}`;
  const earlierFailures = await assertUnderLimit(db.sql, accountKey, LIMITS.signInPerAccount);
  await assertUnderLimit(db.sql, addressKey, LIMITS.signInPerAddress);
  const result = await attempt();
  if (result === null) {
    await Promise.all([recordFailure(db.sql, accountKey, LIMITS.signInPerAccount), recordFailure(db.sql, addressKey, LIMITS.signInPerAddress)]);
    throw new ApiError("unauthenticated", "Wrong email or password");
  }
  // A write only when there is something to forget (HTTP Basic clients sign in on every request).
  if (earlierFailures > 0) await clearFailures(db.sql, accountKey);
  return result;
}

async function sessionAuth(db: Database, request: Request): Promise<Auth | null> {
  const cookie = request.headers.get("cookie");
  if (!cookie?.includes(SESSION_COOKIE)) return null;
  const ba = await betterAuthFor(db);
  const found = await ba.api.getSession({ headers: request.headers });
  if (!found) return null;
  // A cookie rides along on cross-site requests too: state-changing ones must prove they are ours.
  requireSameOriginProof(request);
  return userAuth(db, found.user.id, { via: "session", sessionId: found.session.id });
}

/** A user's Auth with their project roles; null for a disabled or deleted account. */
export async function userAuth(db: Database, userId: string, how: { via: "session" | "basic"; sessionId?: string }): Promise<Auth | null> {
  const user = await db.prisma.user.findUnique({ where: { id: userId }, include: { memberships: { select: { projectId: true, role: true } } } });
  if (!user || user.banned) return null;
  const roles = new Map<number, ProjectRole>();
  for (const m of user.memberships) if (isProjectRole(m.role)) roles.set(m.projectId, m.role);
  const signedIn: SignedInUser = { id: user.id, email: user.email, name: user.name, isAdmin: user.role === "admin" };
  return new Auth({ kind: "user", user: signedIn, ...how }, roles);
}
