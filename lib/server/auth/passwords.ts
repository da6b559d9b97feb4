import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Database } from "@/lib/db/client";
import { env } from "@/lib/server/env";
import { betterAuthFor } from "./better-auth";

/**
 * Email + password pairs verified lately, for HTTP Basic clients (MLflow's) that send them on every
 * request: one scrypt per pair and stored hash instead of one per request (~50 ms of CPU each).
 * Keyed by an HMAC under a key random to this process, so no password, nor a hash of one that
 * outlives the process, sits in memory. Each hit still reads the stored hash and must find the one
 * that verified it: a password changed on any instance ends the entry at once; a disabled account
 * is refused right after this (userAuth). Only successes are kept; failures hash every time
 * (and count toward the rate limits). ANNEAL_CREDENTIAL_CACHE_SECONDS=0 turns it off.
 */
const verified = new LRUCache<string, { userId: string; hash: string }>({ max: 10_000 });
const cacheKeySecret = randomBytes(32);
const cacheKey = (email: string, password: string) => createHmac("sha256", cacheKeySecret).update(email).update("\0").update(password).digest("base64url");

/**
 * Checks an email + password without starting a session (HTTP Basic for API clients). Unknown
 * emails cost one hash too, so the answer takes as long either way. Returns the user id, or null.
 */
export async function verifyPassword(db: Database, email: string, password: string): Promise<string | null> {
  const ctx = await (await betterAuthFor(db)).$context;
  const found = await ctx.internalAdapter.findUserByEmail(email, { includeAccounts: true });
  const hash = found?.accounts.find((a) => a.providerId === "credential")?.password;
  if (!found || !hash) {
    await ctx.password.hash(password);
    return null;
  }
  const ttl = env().ANNEAL_CREDENTIAL_CACHE_SECONDS * 1000;
  const key = ttl > 0 ? cacheKey(found.user.id, password) : "";
  const hit = ttl > 0 ? verified.get(key) : undefined;
  if (hit && hit.userId === found.user.id && hit.hash === hash) return found.user.id;
  if (!(await ctx.password.verify({ hash, password }))) return null;
  if (ttl > 0) verified.set(key, { userId: found.user.id, hash }, { ttl });
  return found.user.id;
}

/** Sets a user's password (admin or CLI): replaces the credential, or adds one to an OpenID Connect-only account. */
export async function setPassword(db: Database, userId: string, password: string): Promise<void> {
  const ctx = await (await betterAuthFor(db)).$context;
  const hash = await ctx.password.hash(password);
  const existing = await db.prisma.account.findFirst({ where: { userId, providerId: "credential" } });
  if (existing) await ctx.internalAdapter.updatePassword(userId, hash);
  else await ctx.internalAdapter.linkAccount({ userId, providerId: "credential", accountId: userId, password: hash });
}
