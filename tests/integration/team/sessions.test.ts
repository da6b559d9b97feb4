import { vi, describe, expect, it } from "vitest";
import * as login from "@/app/api/v1/auth/login/route";
import * as logout from "@/app/api/v1/auth/logout/route";
import * as session from "@/app/api/v1/auth/session/route";
import * as sessions from "@/app/api/v1/auth/sessions/route";
import * as password from "@/app/api/v1/auth/password/route";
import * as projects from "@/app/api/v1/projects/route";
import * as runs from "@/app/api/v1/runs/route";
import * as adminUser from "@/app/api/v1/admin/users/[id]/route";
import * as members from "@/app/api/v1/projects/[slug]/members/route";
import * as member from "@/app/api/v1/projects/[slug]/members/[userId]/route";
import * as invite from "@/app/api/v1/invites/[token]/route";
import * as audit from "@/app/api/v1/admin/audit/route";
import { getDatabase } from "@/lib/db";
import { Auth } from "@/lib/server/auth/auth";
import { createInvite } from "@/lib/server/invites/invites";
import { createUser, updateUser } from "@/lib/server/users/users";
import { LIMITS, recordFailure } from "@/lib/server/auth/rate-limit";
import { call, uniqueSlug } from "../http";
import { newUser, ORIGIN, PASSWORD, signInCookie } from "./world";

vi.hoisted(() => {
  process.env.ANNEAL_MODE = "team";
});

const asBrowser = (cookie: string) => ({ cookie, origin: ORIGIN });
const whoAmI = async (cookie: string) => (await call(session.GET, "GET", "/api/v1/auth/session", { headers: { cookie } })).json.user;

describe("sign-in", () => {
  it("answers a wrong password and an unknown email alike: same status, body and comparable time", async () => {
    const u = await newUser("timing");
    const attempt = async (email: string) => {
      const t = performance.now();
      const r = await call(login.POST, "POST", "/api/v1/auth/login", { body: { email, password: "wrong password!" } });
      return { status: r.status, body: r.json, ms: performance.now() - t };
    };
    await attempt(u.email); // warm-up (first hash, first queries)
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await attempt(u.email);
      const b = await attempt(`nobody-${i}-${u.email}`);
      expect(a.status).toBe(401);
      expect(b.status).toBe(401);
      expect(b.body).toEqual(a.body);
      known.push(a.ms);
      unknown.push(b.ms);
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[1];
    // Both run one password hash; a missing hash on unknown emails would make them ~10x faster.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
    expect(median(unknown) / median(known)).toBeLessThan(2);
  }, 180_000);

  it("gives an httpOnly SameSite=Lax session cookie that identifies the user; logout ends it", async () => {
    const u = await newUser("cookie");
    const r = await call(login.POST, "POST", "/api/v1/auth/login", { body: { email: u.email.toUpperCase(), password: PASSWORD } });
    expect(r.status).toBe(200);
    expect(r.json.user.email).toBe(u.email);
    const setCookie = r.headers.getSetCookie().find((c) => c.startsWith("anneal.session_token="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(";")[0];
    expect((await whoAmI(cookie)).email).toBe(u.email);
    expect((await call(logout.POST, "POST", "/api/v1/auth/logout", { headers: asBrowser(cookie) })).status).toBe(204);
    expect(await whoAmI(cookie)).toBeNull();
    expect((await call(projects.GET, "GET", "/api/v1/projects", { headers: { cookie } })).status).toBe(401);
  });

  it("rate-limits failed sign-ins per account with 429 and Retry-After, counted in the database", async () => {
    const u = await newUser("limited");
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await call(login.POST, "POST", "/api/v1/auth/login", { body: { email: u.email, password: "nope-nope" } })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const blocked = await call(login.POST, "POST", "/api/v1/auth/login", { body: { email: u.email, password: PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    const db = await getDatabase();
    const rows = await db.sql.query<{ count: number }>(`SELECT count FROM rate_limits WHERE key = $1`, [`signin:${u.email}`]);
    expect(rows[0].count).toBeGreaterThanOrEqual(10);
  });

  it("forgets an account's earlier failures when it signs in", async () => {
    const u = await newUser("forgiven");
    const db = await getDatabase();
    const failures = async () => (await db.sql.query<{ count: number }>(`SELECT count FROM rate_limits WHERE key = $1`, [`signin:${u.email}`]))[0]?.count;
    for (let i = 0; i < 3; i++) await call(login.POST, "POST", "/api/v1/auth/login", { body: { email: u.email, password: "nope-nope" } });
    expect(await failures()).toBe(3);
    expect((await call(login.POST, "POST", "/api/v1/auth/login", { body: { email: u.email, password: PASSWORD } })).status).toBe(200);
    expect(await failures()).toBeUndefined();
  });

  it("rate-limits failed API-key checks per client address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++)
      statuses.push((await call(projects.GET, "GET", "/api/v1/projects", { headers: { authorization: `Bearer ank_bogus${i}` }, peer: "203.0.113.9" })).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    // Another address is not affected.
    expect((await call(projects.GET, "GET", "/api/v1/projects", { headers: { authorization: "Bearer ank_bogus" }, peer: "203.0.113.10" })).status).toBe(401);
  });

  it("counts a client that is not a trusted proxy by its socket address, whatever X-Forwarded-For it sends", async () => {
    // ANNEAL_TRUSTED_PROXIES is unset here: no peer's X-Forwarded-For is believed.
    const peer = "198.51.100.7";
    const spoofed = (i: number) => ({ "x-forwarded-for": `203.0.113.${i}`, origin: ORIGIN });
    const db = await getDatabase();
    for (let i = 0; i < LIMITS.signInPerAddress.max - 1; i++) await recordFailure(db.sql, `signin-addr:${peer}`, LIMITS.signInPerAddress);
    const attempt = (i: number) =>
      call(login.POST, "POST", "/api/v1/auth/login", {
        body: { email: `spoofer-${i}-${uniqueSlug()}@example.test`, password: "wrong password!" },
        headers: spoofed(i),
        peer,
      });
    expect((await attempt(1)).status).toBe(401); // the 50th failure of this address, under a made-up one
    const refused = await attempt(2);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Other clients sign in as usual; the audit log names the socket's address, not the claimed one.
    const u = await newUser("spoof-bystander");
    expect((await call(login.POST, "POST", "/api/v1/auth/login", { body: { email: u.email, password: PASSWORD }, peer: "198.51.100.8" })).status).toBe(200);
    const failed = await db.prisma.auditEvent.findFirst({ where: { action: "auth.sign_in_failed", actor: { startsWith: "spoofer-1-" } } });
    expect(failed?.detail).toMatchObject({ address: peer });
  });

  it("rate-limits failed API-key checks of a spoofing client by its socket address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const headers = { authorization: `Bearer ank_bogus${i}`, "x-forwarded-for": `192.0.2.${i}` };
      statuses.push((await call(projects.GET, "GET", "/api/v1/projects", { headers, peer: "198.51.100.9" })).status);
    }
    expect(statuses[30]).toBe(429);
  });
});

describe("cookie sessions and CSRF", () => {
  it("refuses a state-changing cookie request without a matching Origin, and a cross-origin one, before writing", async () => {
    const u = await newUser("csrf");
    const cookie = await signInCookie(u.email);
    const project = uniqueSlug("csrf");
    const bare = await call(runs.POST, "POST", "/api/v1/runs", { body: { project }, headers: { cookie } });
    expect(bare.status).toBe(403);
    const foreign = await call(runs.POST, "POST", "/api/v1/runs", { body: { project }, headers: { cookie, origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    const db = await getDatabase();
    expect(await db.prisma.project.findUnique({ where: { slug: project } })).toBeNull();
    const same = await call(runs.POST, "POST", "/api/v1/runs", { body: { project }, headers: { cookie, "sec-fetch-site": "same-origin" } });
    expect(same.status).toBe(201);
  });

  it("signs out everywhere: every session of the user ends", async () => {
    const u = await newUser("everywhere");
    const [one, two] = [await signInCookie(u.email), await signInCookie(u.email)];
    const r = await call(sessions.DELETE, "DELETE", "/api/v1/auth/sessions", { headers: asBrowser(one) });
    expect(r.status).toBe(200);
    expect(r.json.revoked).toBe(2);
    expect(await whoAmI(one)).toBeNull();
    expect(await whoAmI(two)).toBeNull();
  });

  it("changing the password needs the current one and ends the other sessions", async () => {
    const u = await newUser("pw");
    const [here, elsewhere] = [await signInCookie(u.email), await signInCookie(u.email)];
    const wrong = await call(password.POST, "POST", "/api/v1/auth/password", {
      body: { currentPassword: "not it!", newPassword: "brand new words" },
      headers: asBrowser(here),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.details[0].path).toBe("currentPassword");
    const ok = await call(password.POST, "POST", "/api/v1/auth/password", {
      body: { currentPassword: PASSWORD, newPassword: "brand new words" },
      headers: asBrowser(here),
    });
    expect(ok.status).toBe(204);
    expect(await whoAmI(elsewhere)).toBeNull();
    await signInCookie(u.email, "brand new words");
  });

  it("a disabled account is signed out and can't sign in; audit entries record it", async () => {
    const admin = await newUser("admin", { admin: true });
    const adminCookie = await signInCookie(admin.email);
    const u = await newUser("disabled");
    const cookie = await signInCookie(u.email);
    const r = await call(adminUser.PATCH, "PATCH", `/api/v1/admin/users/${u.id}`, {
      params: { id: u.id },
      body: { disabled: true },
      headers: asBrowser(adminCookie),
    });
    expect(r.status).toBe(200);
    expect(r.json.disabled).toBe(true);
    expect(await whoAmI(cookie)).toBeNull();
    const again = await call(login.POST, "POST", "/api/v1/auth/login", { body: { email: u.email, password: PASSWORD } });
    expect(again.status).toBe(403);
    const events = (await call(audit.GET, "GET", "/api/v1/admin/audit?limit=500", { headers: { cookie: adminCookie } })).json.events as {
      action: string;
      target: string;
    }[];
    expect(events.some((e) => e.action === "user.disabled" && e.target === u.email)).toBe(true);
    expect(events.some((e) => e.action === "auth.sign_in_failed")).toBe(true);
  });
});

describe("accounts", () => {
  it("the same email created at the same moment (two instances bootstrapping one admin) is one account and conflicts", async () => {
    const db = await getDatabase();
    const email = `twice-${uniqueSlug()}@example.test`;
    const results = await Promise.allSettled([1, 2, 3].map(() => createUser(db, { email, password: PASSWORD, actor: "test" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) expect(r.reason).toMatchObject({ code: "conflict" });
    expect(await db.prisma.user.count({ where: { email } })).toBe(1);
  });
});

describe("HTTP Basic with an account's email and password", () => {
  const basic = (email: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}` });
  const timed = async (headers: Record<string, string>) => {
    const t = performance.now();
    const res = await call(projects.GET, "GET", "/api/v1/projects", { headers });
    return { status: res.status, ms: performance.now() - t };
  };

  it("verifies a password once, then remembers it: later requests skip the hash", async () => {
    const u = await newUser("basic-cache");
    const cold = await timed(basic(u.email, PASSWORD));
    expect(cold.status).toBe(200);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await timed(basic(u.email, PASSWORD));
      expect(r.status).toBe(200);
      warm.push(r.ms);
    }
    // The cold request ran scrypt (N=16384, r=16: tens of ms of CPU); the warm ones only queries.
    expect(warm.sort((a, b) => a - b)[2]).toBeLessThan(cold.ms);
    expect((await timed(basic(u.email, "not the password"))).status).toBe(401);
  });

  it("forgets a remembered password when it changes or the account is disabled", async () => {
    const db = await getDatabase();
    const u = await newUser("basic-forget");
    expect((await timed(basic(u.email, PASSWORD))).status).toBe(200);
    await updateUser(db, { id: u.id, password: "a brand new passphrase", actor: "test" });
    expect((await timed(basic(u.email, PASSWORD))).status).toBe(401);
    expect((await timed(basic(u.email, "a brand new passphrase"))).status).toBe(200);
    await updateUser(db, { id: u.id, disabled: true, actor: "test" });
    expect((await timed(basic(u.email, "a brand new passphrase"))).status).toBe(401);
  });
});

describe("members and invitations", () => {
  it("an owner adds, changes and removes members; the last owner stays", async () => {
    const owner = await newUser("owner");
    const cookie = await signInCookie(owner.email);
    const created = await call(projects.POST, "POST", "/api/v1/projects", { body: { name: uniqueSlug("team") }, headers: asBrowser(cookie) });
    expect(created.status).toBe(201);
    expect(created.json.role).toBe("owner");
    const slug = created.json.slug as string;
    const mate = await newUser("mate");
    const added = await call(members.POST, "POST", `/api/v1/projects/${slug}/members`, {
      params: { slug },
      body: { email: mate.email, role: "viewer" },
      headers: asBrowser(cookie),
    });
    expect(added.status).toBe(201);
    const mateCookie = await signInCookie(mate.email);
    const mateView = await call(projects.GET, "GET", "/api/v1/projects", { headers: { cookie: mateCookie } });
    expect(mateView.json.projects.map((p: { slug: string; role: string }) => [p.slug, p.role])).toEqual([[slug, "viewer"]]);
    const demote = await call(member.PATCH, "PATCH", `/api/v1/projects/${slug}/members/${owner.id}`, {
      params: { slug, userId: owner.id },
      body: { role: "editor" },
      headers: asBrowser(cookie),
    });
    expect(demote.status).toBe(409);
    const gone = await call(member.DELETE, "DELETE", `/api/v1/projects/${slug}/members/${mate.id}`, {
      params: { slug, userId: mate.id },
      headers: asBrowser(cookie),
    });
    expect(gone.status).toBe(204);
    expect((await call(projects.GET, "GET", "/api/v1/projects", { headers: { cookie: mateCookie } })).json.projects).toEqual([]);
    const unknown = await call(members.POST, "POST", `/api/v1/projects/${slug}/members`, {
      params: { slug },
      body: { email: "nobody@example.test", role: "viewer" },
      headers: asBrowser(cookie),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.details[0].path).toBe("email");
  });

  it("an invitation link creates the account once, signs it in and adds the project role", async () => {
    const db = await getDatabase();
    const slug = uniqueSlug("inv");
    await db.prisma.project.create({ data: { slug, name: slug } });
    const email = `${uniqueSlug("new")}@example.test`;
    const { token, url } = await createInvite(db, { email, projectSlug: slug, role: "editor", auth: Auth.operator() });
    expect(url).toContain(`/invite/${token}`);
    const read = await call(invite.GET, "GET", `/api/v1/invites/${token}`, { params: { token } });
    expect(read.json).toMatchObject({ email, project: slug, role: "editor", state: "open" });
    const accepted = await call(invite.POST, "POST", `/api/v1/invites/${token}`, {
      params: { token },
      body: { password: PASSWORD, name: "New" },
      headers: { origin: ORIGIN },
    });
    expect(accepted.status).toBe(201);
    const cookie = accepted.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const listed = await call(projects.GET, "GET", "/api/v1/projects", { headers: { cookie } });
    expect(listed.json.projects.map((p: { slug: string; role: string }) => [p.slug, p.role])).toEqual([[slug, "editor"]]);
    const twice = await call(invite.POST, "POST", `/api/v1/invites/${token}`, { params: { token }, body: { password: PASSWORD } });
    expect(twice.status).toBe(410);
  });
});
