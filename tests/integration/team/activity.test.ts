import { vi, describe, expect, it } from "vitest";
import * as activity from "@/app/api/v1/projects/[slug]/activity/route";
import * as members from "@/app/api/v1/projects/[slug]/members/route";
import * as member from "@/app/api/v1/projects/[slug]/members/[userId]/route";
import * as keys from "@/app/api/v1/projects/[slug]/keys/route";
import * as key from "@/app/api/v1/projects/[slug]/keys/[id]/route";
import { getDatabase } from "@/lib/db";
import { describeEvent } from "@/lib/events/describe-event";
import type { ProjectEvent } from "@/lib/events/event-types";
import { Auth } from "@/lib/server/auth/auth";
import { addMember } from "@/lib/server/members/members";
import { createProject } from "@/lib/server/projects/create-project";
import { call, uniqueSlug } from "../http";
import { newUser, ORIGIN, signInCookie } from "./world";

vi.hoisted(() => {
  process.env.ANNEAL_MODE = "team";
});

describe("activity feed in team mode", () => {
  it("lists member and key changes: who did what, when, linked; a viewer reads them, no secret in them", async () => {
    const db = await getDatabase();
    const slug = uniqueSlug("act");
    await createProject(db, { input: { name: slug, slug }, auth: Auth.operator() });
    const [owner, viewer, grace] = await Promise.all([newUser("Olive"), newUser("Victor"), newUser("Grace")]);
    await addMember(db, { projectSlug: slug, email: owner.email, role: "owner", auth: Auth.operator() });
    await addMember(db, { projectSlug: slug, email: viewer.email, role: "viewer", auth: Auth.operator() });
    const asOwner = { cookie: await signInCookie(owner.email), origin: ORIGIN };
    const base = `/api/v1/projects/${slug}`;
    const ok = (r: { status: number; text: string }, status: number) => expect(r.status, r.text).toBe(status);

    const started = Date.now();
    ok(await call(members.POST, "POST", `${base}/members`, { params: { slug }, body: { email: grace.email, role: "viewer" }, headers: asOwner }), 201);
    const graceAt = { params: { slug, userId: grace.id }, headers: asOwner };
    ok(await call(member.PATCH, "PATCH", `${base}/members/${grace.id}`, { ...graceAt, body: { role: "editor" } }), 200);
    // Setting the role a member has already is no change, and no line.
    ok(await call(member.PATCH, "PATCH", `${base}/members/${grace.id}`, { ...graceAt, body: { role: "editor" } }), 200);
    ok(await call(member.DELETE, "DELETE", `${base}/members/${grace.id}`, graceAt), 204);
    const created = await call(keys.POST, "POST", `${base}/keys`, { params: { slug }, body: { name: "training cluster", scope: "write" }, headers: asOwner });
    ok(created, 201);
    const made = created.json as { id: number; key: string };
    ok(await call(key.DELETE, "DELETE", `${base}/keys/${made.id}`, { params: { slug, id: String(made.id) }, headers: asOwner }), 204);

    const feed = await call(activity.GET, "GET", `${base}/activity`, { params: { slug }, headers: { cookie: await signInCookie(viewer.email) } });
    ok(feed, 200);
    const events = (feed.json as { events: ProjectEvent[] }).events;
    // Newest first; the operator's setup (Olive's and Victor's memberships) comes last.
    expect(events.map((e) => [e.type, e.actor?.name, describeEvent(e, slug)])).toEqual([
      ["key.revoked", "Olive", { text: "revoked API key “training cluster”", href: `/projects/${slug}/keys` }],
      ["key.created", "Olive", { text: "created a write API key “training cluster”", href: `/projects/${slug}/keys` }],
      ["member.removed", "Olive", { text: "removed Grace from the project", href: `/projects/${slug}/members` }],
      ["member.changed", "Olive", { text: "made Grace an editor", href: `/projects/${slug}/members` }],
      ["member.added", "Olive", { text: "added Grace as viewer", href: `/projects/${slug}/members` }],
      ["member.added", expect.any(String), { text: "added Victor as viewer", href: `/projects/${slug}/members` }],
      ["member.added", expect.any(String), { text: "added Olive as owner", href: `/projects/${slug}/members` }],
    ]);
    expect(events[0].actor?.id).toBe(owner.id);
    expect(events.find((e) => e.type === "member.added")?.data).toEqual({ userId: grace.id, name: "Grace", role: "viewer" });
    for (const e of events.slice(0, 5)) {
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(started - 1_000);
      expect(Date.parse(e.at)).toBeLessThanOrEqual(Date.now() + 1_000);
    }
    // The key's secret never reaches the feed.
    expect(feed.text).not.toContain(made.key);
  }, 180_000); // accounts and sign-ins hash passwords (scrypt): slow on a busy machine
});
