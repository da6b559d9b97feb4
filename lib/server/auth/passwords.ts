import type { Database } from "@/lib/db/client";
import { betterAuthFor } from "./better-auth";

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
  return (await ctx.password.verify({ hash, password })) ? found.user.id : null;
}

/** Sets a user's password (admin or CLI): replaces the credential, or adds one to an OpenID Connect-only account. */
export async function setPassword(db: Database, userId: string, password: string): Promise<void> {
  const ctx = await (await betterAuthFor(db)).$context;
  const hash = await ctx.password.hash(password);
  const existing = await db.prisma.account.findFirst({ where: { userId, providerId: "credential" } });
  if (existing) await ctx.internalAdapter.updatePassword(userId, hash);
  else await ctx.internalAdapter.linkAccount({ userId, providerId: "credential", accountId: userId, password: hash });
}
