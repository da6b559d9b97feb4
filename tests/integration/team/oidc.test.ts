import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as oidcStart from "@/app/api/v1/auth/oidc/route";
import * as oidcCallback from "@/app/api/v1/auth/callback/[providerId]/route";
import * as session from "@/app/api/v1/auth/session/route";
import * as projects from "@/app/api/v1/projects/route";
import * as audit from "@/app/api/v1/admin/audit/route";
import { getDatabase } from "@/lib/db";
import { updateUser } from "@/lib/server/users/users";
import { startOidcProvider } from "@/tests/oidc/provider";
import { call } from "../http";
import { newUser, ORIGIN, signInCookie } from "./world";

vi.hoisted(() => {
  process.env.ANNEAL_MODE = "team";
});

const CLIENT = { clientId: "anneal-test", clientSecret: "anneal-test-secret-0123456789" };
let provider: Awaited<ReturnType<typeof startOidcProvider>>;

beforeAll(async () => {
  provider = await startOidcProvider({ ...CLIENT, redirectUris: [`${ORIGIN}/api/v1/auth/callback/oidc`] });
  // Read by lib/server/env.ts on first use, which is after this (nothing in this file called it yet).
  process.env.ANNEAL_OIDC_ISSUER = provider.issuer;
  process.env.ANNEAL_OIDC_CLIENT_ID = CLIENT.clientId;
  process.env.ANNEAL_OIDC_CLIENT_SECRET = CLIENT.clientSecret;
});
afterAll(() => provider?.close());

/** Name=value pairs of Set-Cookie headers, merged into a jar (a browser's cookie store, minus paths). */
function keep(jar: Map<string, string>, res: { headers: Headers }) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/**
 * What a browser does: Anneal's sign-in button, the provider's sign-in and consent forms (its
 * development interactions: any password), and back to Anneal's callback with the code.
 * Returns the callback's answer and Anneal's cookies.
 */
async function signInWithOidc(login: string, next = "/projects") {
  const app = new Map<string, string>();
  const idp = new Map<string, string>();
  const start = await call(oidcStart.GET, "GET", `/api/v1/auth/oidc?next=${encodeURIComponent(next)}`);
  expect(start.status).toBe(302);
  keep(app, start);
  let url = new URL(start.headers.get("location")!);
  expect(url.origin).toBe(provider.issuer);
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  for (let hop = 0; url.origin === provider.issuer; hop++) {
    if (hop > 12) throw new Error("the provider kept redirecting");
    let res = await fetch(url, { redirect: "manual", headers: { cookie: cookieHeader(idp) } });
    keep(idp, res);
    if (res.status === 200) {
      // One of the provider's forms: sign in as `login`, then consent.
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)![1];
      const prompt = /name="prompt" value="(\w+)"/.exec(html)![1];
      const form = new URLSearchParams(prompt === "login" ? { prompt, login, password: "any password" } : { prompt });
      res = await fetch(new URL(action, url), { method: "POST", body: form, redirect: "manual", headers: { cookie: cookieHeader(idp) } });
      keep(idp, res);
    }
    expect(res.status).toBeGreaterThanOrEqual(300);
    url = new URL(res.headers.get("location")!, url);
  }
  expect(url.href.startsWith(`${ORIGIN}/api/v1/auth/callback/oidc?`)).toBe(true);
  const done = await call(oidcCallback.GET, "GET", url.pathname + url.search, {
    headers: { cookie: cookieHeader(app) },
    params: { providerId: "oidc" },
  });
  keep(app, done);
  return { done, cookie: cookieHeader(app) };
}

interface Me {
  id: string;
  email: string;
  name: string;
  admin: boolean;
}
const whoAmI = async (cookie: string): Promise<Me | null> =>
  ((await call(session.GET, "GET", "/api/v1/auth/session", { headers: { cookie } })).json as { user?: Me } | null)?.user ?? null;

describe("single sign-on through a real OpenID Connect provider", () => {
  it("creates an account on the first sign-in, a plain user with no project, and finds it again on the next", async () => {
    await newUser("existing"); // so the new account cannot be the server's first (which becomes admin)
    const email = `sso-${Date.now()}@example.test`;
    provider.people.set("sub-new", { email, email_verified: true, name: "Sso Person" });
    const first = await signInWithOidc("sub-new");
    expect(first.done.status).toBe(302);
    expect(first.done.headers.get("location")).toBe("/projects");
    const me = (await whoAmI(first.cookie))!;
    expect(me).toMatchObject({ email, name: "Sso Person" });
    expect(me.admin).toBe(false);
    // Role defaults: a signed-in user, member of nothing, sees no project until an owner adds them.
    const list = await call(projects.GET, "GET", "/api/v1/projects", { headers: { cookie: first.cookie } });
    expect(list.status).toBe(200);
    expect((list.json as { projects: unknown[] }).projects).toEqual([]);

    const again = await signInWithOidc("sub-new", "/");
    expect(again.done.status).toBe(302);
    expect((await whoAmI(again.cookie))?.id).toBe(me.id);
    const db = await getDatabase();
    expect(await db.prisma.user.count({ where: { email } })).toBe(1);
    expect(await db.prisma.account.count({ where: { userId: me.id, providerId: "oidc", accountId: "sub-new" } })).toBe(1);
  });

  it("links to the existing password account of a verified email; the password keeps working", async () => {
    const u = await newUser("linked");
    provider.people.set("sub-linked", { email: u.email, email_verified: true });
    const { done, cookie } = await signInWithOidc("sub-linked");
    expect(done.status).toBe(302);
    expect((await whoAmI(cookie))?.id).toBe(u.id);
    expect(await whoAmI(await signInCookie(u.email))).toMatchObject({ id: u.id });

    // A disabled account stays out, whichever way it signs in.
    await updateUser(await getDatabase(), { id: u.id, disabled: true, actor: "test" });
    const refused = await signInWithOidc("sub-linked");
    expect(refused.done.headers.get("location")).toMatch(/error/);
    expect(await whoAmI(refused.cookie)).toBeNull();
  });

  it("refuses to take over an existing account when the provider has not verified the email", async () => {
    const u = await newUser("victim");
    provider.people.set("sub-unverified", { email: u.email, email_verified: false });
    const { done, cookie } = await signInWithOidc("sub-unverified");
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toMatch(/^\/sign-in\?error=oidc/);
    expect(await whoAmI(cookie)).toBeNull();
  });

  it("starts no session from a callback whose state Anneal never issued (a forged link)", async () => {
    const app = new Map<string, string>();
    const start = await call(oidcStart.GET, "GET", "/api/v1/auth/oidc");
    keep(app, start);
    // A callback with a state that Anneal never issued (a forged link from another site).
    const forged = await call(oidcCallback.GET, "GET", "/api/v1/auth/callback/oidc?code=made-up&state=made-up", {
      headers: { cookie: cookieHeader(app) },
      params: { providerId: "oidc" },
    });
    expect(forged.status).toBe(302);
    expect(forged.headers.get("location")).toMatch(/error/);
    expect(forged.headers.getSetCookie().some((c) => c.startsWith("anneal.session_token=") && !/Max-Age=0/i.test(c))).toBe(false);
  });

  it("records the sign-in in the audit log with its method", async () => {
    const email = `audited-${Date.now()}@example.test`;
    provider.people.set("sub-audit", { email, email_verified: true });
    await signInWithOidc("sub-audit");
    const admin = await newUser("auditor", { admin: true });
    const res = await call(audit.GET, "GET", "/api/v1/admin/audit", { headers: { cookie: await signInCookie(admin.email) } });
    expect(res.status).toBe(200);
    const entries = (res.json as { events: { action: string; actor: string; detail: unknown }[] }).events;
    expect(entries.find((e) => e.actor === `user:${email}`)).toMatchObject({ action: "auth.sign_in", detail: { method: "oidc" } });
  });
});
