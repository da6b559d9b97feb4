import "server-only";
import type { Database } from "@/lib/db/client";
import { ApiError } from "@/lib/server/api/errors";
import { env } from "@/lib/server/env";
import { clientAddress } from "@/lib/server/http/client-address";
import { recordAudit } from "./audit";
import { betterAuthFor, OIDC_PROVIDER_ID } from "./better-auth";

/** Only same-site paths: `next` must not turn the sign-in into an open redirect. */
export function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : "/";
}

function requireOidc(): void {
  if (!env().ANNEAL_OIDC_ISSUER) throw new ApiError("not_found", "OpenID Connect sign-in is not configured on this server (ANNEAL_OIDC_ISSUER)");
}

/** Sends the browser to the provider; Better Auth keeps state + PKCE verifier and sets its state cookie. */
export async function startOidcSignIn(db: Database, request: Request): Promise<Response> {
  requireOidc();
  const ba = await betterAuthFor(db);
  const next = safeNext(new URL(request.url).searchParams.get("next"));
  const res = await ba.api.signInSocial({ body: { provider: OIDC_PROVIDER_ID, callbackURL: next, errorCallbackURL: "/sign-in?error=oidc" }, asResponse: true });
  const body = (await res.json().catch(() => null)) as { url?: string } | null;
  if (!res.ok || !body?.url) throw new ApiError("internal", "The OpenID Connect provider could not be reached; try again or sign in with a password");
  const redirect = new Response(null, { status: 302, headers: { location: body.url } });
  for (const c of res.headers.getSetCookie()) redirect.headers.append("set-cookie", c);
  return redirect;
}

/**
 * The provider's redirect back: Better Auth checks state, exchanges the code, verifies the ID
 * token, finds or creates the account (linked by verified email) and starts a session.
 */
export async function finishOidcSignIn(db: Database, request: Request): Promise<Response> {
  requireOidc();
  const ba = await betterAuthFor(db);
  const address = clientAddress(request);
  // The session records the address clientAddress settled on, not whatever the client claimed.
  const headers = new Headers(request.headers);
  headers.set("x-forwarded-for", address);
  const res = await ba.handler(new Request(request, { headers }));
  const cookies = res.headers.getSetCookie();
  const session = cookies.length ? await ba.api.getSession({ headers: new Headers({ cookie: cookies.map((c) => c.split(";")[0]).join("; ") }) }) : null;
  if (session) await recordAudit(db, { action: "auth.sign_in", actor: `user:${session.user.email}`, detail: { method: "oidc", address } });
  return res;
}
