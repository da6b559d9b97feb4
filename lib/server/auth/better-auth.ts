import "server-only";
import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { admin, genericOAuth } from "better-auth/plugins";
import type { Database } from "@/lib/db/client";
import { env, publicUrl } from "@/lib/server/env";
import { promoteIfFirst } from "@/lib/server/users/users";
import { hashPassword, verifyPasswordHash } from "./password-hash";

/** Where Better Auth's own endpoints would live; only the OpenID Connect callback is routed there. */
export const AUTH_BASE_PATH = "/api/v1/auth";
export const OIDC_PROVIDER_ID = "oidc";
export const SESSION_COOKIE = "anneal.session_token";

/**
 * Better Auth does identities: password sign-in (scrypt, native: password-hash.ts), database sessions (httpOnly, SameSite=Lax
 * cookies), OpenID Connect sign-in, disabling accounts (its admin plugin's "ban"). Anneal's own
 * routes call it server-side (auth.api.*); authorization (roles, keys) is Anneal's (auth.ts).
 */
function build(db: Database, secret: string) {
  const e = env();
  const base = publicUrl(e);
  const oidc = e.ANNEAL_OIDC_ISSUER && e.ANNEAL_OIDC_CLIENT_ID && e.ANNEAL_OIDC_CLIENT_SECRET;
  return betterAuth({
    appName: "Anneal",
    secret,
    baseURL: base.origin,
    basePath: AUTH_BASE_PATH,
    database: prismaAdapter(db.prisma, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 8,
      maxPasswordLength: 256,
      password: { hash: hashPassword, verify: verifyPasswordHash },
    },
    account: {
      // A single sign-on identity joins the account of the same email when the provider says it
      // verified that email. Anneal's accounts are made by an admin or an invitation (no
      // self-sign-up), so the local side is vouched for without a verification mail.
      accountLinking: { enabled: true, requireLocalEmailVerified: false },
    },
    session: { expiresIn: 30 * 24 * 3600, updateAge: 24 * 3600 },
    // Anneal counts failures itself, in PostgreSQL (rate-limit.ts), so limits hold across instances.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    trustedOrigins: [base.origin],
    advanced: {
      cookiePrefix: "anneal",
      useSecureCookies: base.protocol === "https:",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", path: "/" },
    },
    plugins: [
      admin({ defaultRole: "user", adminRoles: ["admin"], bannedUserMessage: "This account is disabled. Ask an Anneal admin to enable it." }),
      ...(oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  name: e.ANNEAL_OIDC_NAME,
                  discoveryUrl: `${e.ANNEAL_OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
                  clientId: e.ANNEAL_OIDC_CLIENT_ID!,
                  clientSecret: e.ANNEAL_OIDC_CLIENT_SECRET!,
                  scopes: ["openid", "email", "profile"],
                  pkce: true,
                },
              ],
            }),
          ]
        : []),
    ],
    databaseHooks: {
      user: {
        create: {
          // The first account of a server is its admin, also when it arrives by OpenID Connect.
          after: async (user) => void (await promoteIfFirst(db, user.id)),
        },
      },
    },
    logger: { level: "error" },
  });
}

export type BetterAuth = ReturnType<typeof build>;

const instances = new WeakMap<Database, Promise<BetterAuth>>();

/** The Better Auth instance bound to a database (one per process and database). */
export function betterAuthFor(db: Database): Promise<BetterAuth> {
  let instance = instances.get(db);
  if (!instance) {
    instance = instanceSecret(db).then((secret) => build(db, secret));
    instances.set(db, instance);
  }
  return instance;
}

/**
 * The cookie-signing secret: ANNEAL_SECRET, or one generated on first use and kept in the
 * database, so that `npm start` needs no setup and N instances on one database agree on it.
 */
async function instanceSecret(db: Database): Promise<string> {
  const fromEnv = env().ANNEAL_SECRET;
  if (fromEnv) return fromEnv;
  await db.sql.query(`INSERT INTO instance_settings (key, value) VALUES ('session_secret', $1) ON CONFLICT (key) DO NOTHING`, [
    randomBytes(32).toString("base64url"),
  ]);
  const rows = await db.sql.query<{ value: string }>(`SELECT value FROM instance_settings WHERE key = 'session_secret'`);
  return rows[0].value;
}
