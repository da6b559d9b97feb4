import { vi, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { createInvite } from "@/lib/server/invites/invites";
import { createApiKey } from "@/lib/server/keys/create-key";
import { addMember } from "@/lib/server/members/members";
import { Auth } from "@/lib/server/auth/auth";
import { writeArtifact } from "@/lib/server/mlflow/artifact-store";
import { createLoggedModel } from "@/lib/server/mlflow/logged-models";
import * as runComments from "@/app/api/v1/runs/[id]/comments/route";
import * as alerts from "@/app/api/v1/projects/[slug]/alerts/route";
import { makeWorld, newUser, ORIGIN, PASSWORD, ROLES, signInCookie, type Role, type World } from "./world";

vi.hoisted(() => {
  process.env.ANNEAL_MODE = "team";
});

/**
 * THE ROUTE × ROLE TABLE. Every route file under app/api has an entry per exported method;
 * `allow` lists who may call it, everyone else must be refused (anonymous with 401, the rest
 * 401/403/404). A route file without an entry fails the first test.
 *
 * To add a route: one entry `"METHOD /api/v1/path/[param]"` (the file path, brackets kept) with
 * `allow` and a `request` that builds a valid request for that identity (make fresh objects
 * for routes that consume them, e.g. a run to delete); `ok` lists statuses other than 2xx that
 * mean "allowed" (e.g. 400 for a deliberately wrong password).
 */
interface Req {
  params?: Record<string, string | string[]>;
  query?: string;
  body?: unknown;
  form?: FormData;
  /** Replaces the role's usual headers (a fresh session for routes that end it). */
  headers?: Record<string, string>;
}
interface Entry {
  allow: readonly Role[];
  request?: (w: World, role: Role) => Promise<Req> | Req;
  ok?: number[];
}

const EVERYONE = ROLES;
const SIGNED_IN = ROLES.filter((r) => r !== "anonymous");
const PEOPLE = ["admin", "owner", "editor", "viewer", "outsider"] as const;
const A_READ = ["admin", "owner", "editor", "viewer", "readKey", "writeKey"] as const;
const A_WRITE = ["admin", "owner", "editor", "writeKey"] as const;
const A_MANAGE = ["admin", "owner"] as const;

const unique = (what: string) => `${what}-${randomBytes(4).toString("hex")}`;
const op = Auth.operator();
const isPerson = (role: Role) => (PEOPLE as readonly string[]).includes(role);
/** People's sessions that the route ends get a session of their own. */
const freshSession = async (w: World, role: Role) =>
  isPerson(role) ? { cookie: await signInCookie(w.users[role as (typeof PEOPLE)[number]].email), origin: ORIGIN } : undefined;
/** "Sign out everywhere" ends every session of the user: a stand-in account of the same kind takes it. */
const standIn = async (role: Role) =>
  isPerson(role) ? { cookie: await signInCookie((await newUser(role, { admin: role === "admin" })).email), origin: ORIGIN } : undefined;
const csvForm = (project: string) => {
  const form = new FormData();
  form.append("project", project);
  form.append("files", new Blob(["step,loss\n0,1.5\n1,1.2\n"]), "metrics.csv");
  return form;
};

const TABLE: Record<string, Entry> = {
  "GET /api/v1/health": { allow: EVERYONE },
  "POST /api/v1/auth/login": { allow: EVERYONE, request: async () => ({ body: { email: (await newUser("login")).email, password: PASSWORD } }) },
  "POST /api/v1/auth/logout": { allow: EVERYONE, request: async (w, r) => ({ headers: await freshSession(w, r) }) },
  "GET /api/v1/auth/session": { allow: EVERYONE },
  "POST /api/v1/auth/password": {
    allow: PEOPLE,
    ok: [400],
    request: () => ({ body: { currentPassword: "not the password", newPassword: "a new passphrase" } }),
  },
  "DELETE /api/v1/auth/sessions": { allow: PEOPLE, request: async (_, r) => ({ headers: await standIn(r) }) },
  // OpenID Connect is not configured in this suite: "allowed" is its 404 (tests/integration/team/oidc.test.ts signs in for real).
  "GET /api/v1/auth/oidc": { allow: EVERYONE, ok: [404] },
  "GET /api/v1/auth/callback/[providerId]": { allow: EVERYONE, ok: [404], request: () => ({ params: { providerId: "oidc" } }) },
  "GET /api/v1/admin/users": { allow: ["admin"] },
  "POST /api/v1/admin/users": { allow: ["admin"], request: () => ({ body: { email: `${unique("made")}@example.test`, password: PASSWORD } }) },
  "PATCH /api/v1/admin/users/[id]": { allow: ["admin"], request: async () => ({ params: { id: (await newUser("patched")).id }, body: { disabled: true } }) },
  "GET /api/v1/admin/invites": { allow: ["admin"] },
  "POST /api/v1/admin/invites": { allow: ["admin"], request: (w) => ({ body: { project: w.a, role: "viewer" } }) },
  "DELETE /api/v1/admin/invites/[id]": {
    allow: ["admin"],
    request: async (w) => ({ params: { id: String((await createInvite(w.db, { auth: op })).invite.id) } }),
  },
  "GET /api/v1/admin/audit": { allow: ["admin"] },
  "GET /api/v1/invites/[token]": { allow: EVERYONE, request: async (w) => ({ params: { token: (await createInvite(w.db, { auth: op })).token } }) },
  "POST /api/v1/invites/[token]": {
    allow: EVERYONE,
    request: async (w) => ({
      params: { token: (await createInvite(w.db, { auth: op })).token },
      body: { email: `${unique("invited")}@example.test`, password: PASSWORD },
      headers: { origin: ORIGIN },
    }),
  },
  "GET /api/v1/projects": { allow: SIGNED_IN },
  "POST /api/v1/projects": { allow: PEOPLE, request: () => ({ body: { name: unique("p") } }) },
  "GET /api/v1/projects/[slug]": { allow: A_READ, request: (w) => ({ params: { slug: w.a } }) },
  "PATCH /api/v1/projects/[slug]": { allow: A_MANAGE, request: (w) => ({ params: { slug: w.a }, body: { description: "changed" } }) },
  "GET /api/v1/projects/[slug]/members": { allow: A_READ, request: (w) => ({ params: { slug: w.a } }) },
  "POST /api/v1/projects/[slug]/members": {
    allow: A_MANAGE,
    request: async (w) => ({ params: { slug: w.a }, body: { email: (await newUser("member")).email, role: "viewer" } }),
  },
  "PATCH /api/v1/projects/[slug]/members/[userId]": {
    allow: A_MANAGE,
    request: async (w) => ({ params: { slug: w.a, userId: (await freshMember(w)).userId }, body: { role: "editor" } }),
  },
  "DELETE /api/v1/projects/[slug]/members/[userId]": {
    allow: A_MANAGE,
    request: async (w) => ({ params: { slug: w.a, userId: (await freshMember(w)).userId } }),
  },
  "GET /api/v1/projects/[slug]/keys": { allow: A_MANAGE, request: (w) => ({ params: { slug: w.a } }) },
  "POST /api/v1/projects/[slug]/keys": { allow: A_MANAGE, request: (w) => ({ params: { slug: w.a }, body: { name: "ci", scope: "write" } }) },
  "DELETE /api/v1/projects/[slug]/keys/[id]": {
    allow: A_MANAGE,
    request: async (w) => ({ params: { slug: w.a, id: String((await createApiKey(w.db, { projectSlug: w.a, scope: "read", auth: Auth.operator() })).id) } }),
  },
  "GET /api/v1/runs": { allow: A_READ, request: (w) => ({ query: `project=${w.a}` }) },
  "POST /api/v1/runs": { allow: A_WRITE, request: (w) => ({ body: { project: w.a } }) },
  "GET /api/v1/runs/[id]": { allow: A_READ, request: (w) => ({ params: { id: w.run } }) },
  "PATCH /api/v1/runs/[id]": { allow: A_WRITE, request: (w) => ({ params: { id: w.run }, body: { tags: ["checked"] } }) },
  "DELETE /api/v1/runs/[id]": { allow: A_MANAGE, request: async (w) => ({ params: { id: await w.newRun() } }) },
  "GET /api/v1/runs/[id]/metrics": { allow: A_READ, request: (w) => ({ params: { id: w.run } }) },
  "POST /api/v1/runs/[id]/metrics": { allow: A_WRITE, request: (w) => ({ params: { id: w.run }, body: { step: [0, 1], values: { loss: [2, 1] } } }) },
  "GET /api/v1/runs/[id]/metrics.csv": { allow: A_READ, request: (w) => ({ params: { id: w.run } }) },
  "GET /api/v1/runs/[id]/analysis": { allow: A_READ, request: (w) => ({ params: { id: w.run } }) },
  "POST /api/v1/runs/[id]/heartbeat": { allow: A_WRITE, request: (w) => ({ params: { id: w.run } }) },
  "GET /api/v1/runs/diagnosis": { allow: A_READ, request: (w) => ({ query: `ids=${w.run}` }) },
  "GET /api/v1/series": { allow: A_READ, request: (w) => ({ query: `runs=${w.run}&keys=loss` }) },
  "GET /api/v1/compare": { allow: A_READ, request: (w) => ({ query: `runs=${w.run}` }) },
  "POST /api/v1/import": { allow: A_WRITE, request: (w) => ({ form: csvForm(w.a) }) },
  "GET /api/v1/import/formats": { allow: SIGNED_IN },
  "GET /api/v1/openapi.json": { allow: SIGNED_IN },
  // The demo project exists already (created by the admin, who is first): other people aren't its members.
  "POST /api/v1/demo": { allow: ["admin"] },
  // Review (issue 11): viewers may comment; editing another's comment is the author's or an owner's (checked inside).
  "GET /api/v1/projects/[slug]/events": { allow: A_READ, request: (w) => ({ params: { slug: w.a } }) },
  "GET /api/v1/runs/[id]/comments": { allow: A_READ, request: (w) => ({ params: { id: w.run } }) },
  "POST /api/v1/runs/[id]/comments": { allow: A_READ, request: (w) => ({ params: { id: w.run }, body: { body: "looks good" } }) },
  "PATCH /api/v1/comments/[id]": { allow: A_READ, request: async (w, r) => ({ params: { id: await ownComment(w, r) }, body: { body: "edited" } }) },
  "DELETE /api/v1/comments/[id]": { allow: A_READ, request: async (w, r) => ({ params: { id: await ownComment(w, r) } }) },
  "GET /api/v1/comparisons/[id]/comments": { allow: A_READ, request: async (w) => ({ params: { id: await comparison(w) } }) },
  "POST /api/v1/comparisons/[id]/comments": { allow: A_READ, request: async (w) => ({ params: { id: await comparison(w) }, body: { body: "which wins?" } }) },
  "GET /api/v1/comparisons/[id]": { allow: A_READ, request: async (w) => ({ params: { id: await comparison(w) } }) },
  "PATCH /api/v1/comparisons/[id]": { allow: A_WRITE, request: async (w) => ({ params: { id: await comparison(w) }, body: { name: "renamed" } }) },
  "DELETE /api/v1/comparisons/[id]": { allow: A_MANAGE, request: async (w) => ({ params: { id: await comparison(w) } }) },
  "GET /api/v1/projects/[slug]/comparisons": { allow: A_READ, request: (w) => ({ params: { slug: w.a } }) },
  "POST /api/v1/projects/[slug]/comparisons": {
    allow: A_WRITE,
    request: (w) => ({ params: { slug: w.a }, body: { name: "AdamW vs SGD", state: `runs=${w.run}` } }),
  },
  "GET /api/v1/projects/[slug]/activity": { allow: A_READ, request: (w) => ({ params: { slug: w.a } }) },
  "GET /api/v1/projects/[slug]/alerts": { allow: A_READ, request: (w) => ({ params: { slug: w.a } }) },
  "POST /api/v1/projects/[slug]/alerts": { allow: A_WRITE, request: (w) => ({ params: { slug: w.a }, body: ALERT_BODY }) },
  "GET /api/v1/projects/[slug]/alert-deliveries": { allow: A_READ, request: (w) => ({ params: { slug: w.a } }) },
  "PATCH /api/v1/alerts/[id]": { allow: A_WRITE, request: async (w) => ({ params: { id: await alert(w) }, body: { enabled: false } }) },
  "DELETE /api/v1/alerts/[id]": { allow: A_WRITE, request: async (w) => ({ params: { id: await alert(w) } }) },
  "POST /api/v1/alerts/[id]/test": { allow: A_WRITE, request: async (w) => ({ params: { id: await alert(w) } }) },
  "POST /api/v1/runs/bulk": { allow: A_WRITE, request: (w) => ({ body: { ids: [w.run], addTags: ["reviewed"] } }) },
  "GET /api/v1/runs/[id]/artifacts": { allow: A_READ, request: (w) => ({ params: { id: w.run } }) },
  // MLflow (issue 12): experiments are projects.
  "GET /api/2.0/mlflow/[...path]": { allow: A_READ, request: (w) => ({ params: { path: ["experiments", "get"] }, query: `experiment_id=${w.aId}` }) },
  "POST /api/2.0/mlflow/[...path]": {
    allow: A_WRITE,
    request: (w) => ({ params: { path: ["runs", "log-metric"] }, body: { run_id: w.run, key: "loss", value: 1, timestamp: 1_700_000_000_000 } }),
  },
  "PATCH /api/2.0/mlflow/[...path]": {
    allow: A_WRITE,
    request: async (w) => {
      const id = await loggedModel(w);
      return { params: { path: ["logged-models", id] }, body: { model_id: id, status: "LOGGED_MODEL_READY" } };
    },
  },
  "DELETE /api/2.0/mlflow/[...path]": { allow: A_WRITE, request: async (w) => ({ params: { path: ["logged-models", await loggedModel(w)] } }) },
  "GET /api/2.0/mlflow-artifacts/artifacts/[[...path]]": { allow: A_READ, request: async (w) => ({ params: { path: await artifact(w) } }) },
  "PUT /api/2.0/mlflow-artifacts/artifacts/[[...path]]": {
    allow: A_WRITE,
    request: async (w) => ({ params: { path: [String(w.aId), w.run, "artifacts", `${unique("f")}.txt`] }, body: "bytes" }),
  },
  "DELETE /api/2.0/mlflow-artifacts/artifacts/[[...path]]": { allow: A_WRITE, request: async (w) => ({ params: { path: await artifact(w) } }) },
};

/** A comment in project A by this role when it may comment (so it may edit it), else by the admin. */
async function ownComment(w: World, role: Role): Promise<string> {
  const author = (A_READ as readonly string[]).includes(role) ? role : "admin";
  const res = await runComments.POST(
    requestFor("POST /api/v1/runs/[id]/comments", { params: { id: w.run }, body: { body: "mine" } }, w.headers(author), new AbortController().signal),
    {
      params: Promise.resolve({ id: w.run }),
    },
  );
  if (res.status !== 201) throw new Error(`comment creation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

async function comparison(w: World): Promise<string> {
  const id = unique("cmp");
  await w.db.prisma.comparison.create({ data: { id, projectId: w.aId, name: "AdamW vs SGD", state: `runs=${w.run}`, authorId: "test", authorName: "test" } });
  return id;
}

const ALERT_BODY = { name: "NaN watch", url: "https://hooks.example.com/anneal", rules: ["nan"] };
async function alert(w: World): Promise<string> {
  const res = await alerts.POST(
    requestFor("POST /api/v1/projects/[slug]/alerts", { params: { slug: w.a }, body: ALERT_BODY }, w.headers("admin"), new AbortController().signal),
    {
      params: Promise.resolve({ slug: w.a }),
    },
  );
  if (res.status !== 201) throw new Error(`alert creation failed: ${res.status} ${await res.text()}`);
  return String(((await res.json()) as { id: number }).id);
}

/** A fresh artifact of the run in project A (its path segments). */
async function artifact(w: World): Promise<string[]> {
  const path = [String(w.aId), w.run, "artifacts", `${unique("a")}.txt`];
  await writeArtifact(w.run, path.slice(3).join("/"), new Blob(["x"]).stream(), 1, 1024);
  return path;
}

/** A logged model (MLflow 3) in project A, made by the operator. */
async function loggedModel(w: World): Promise<string> {
  return (await createLoggedModel(w.db, { experimentId: String(w.aId), auth: op })).model.info.model_id;
}

async function freshMember(w: World) {
  const u = await newUser("m");
  return addMember(w.db, { projectSlug: w.a, email: u.email, role: "viewer", auth: op });
}

type Handler = (request: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route file and method: "GET /api/v1/runs/[id]" → handler. */
async function routeHandlers(): Promise<Map<string, Handler>> {
  const root = path.join(process.cwd(), "app");
  const files = fs.readdirSync(path.join(root, "api"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("route.ts"));
  const out = new Map<string, Handler>();
  for (const f of files) {
    const route = "/api/" + path.dirname(f).split(path.sep).join("/");
    const mod = (await import(/* @vite-ignore */ path.join(root, "api", f))) as Record<string, unknown>;
    for (const m of METHODS) if (typeof mod[m] === "function") out.set(`${m} ${route}`, mod[m] as Handler);
  }
  return out;
}

function requestFor(key: string, req: Req, headers: Record<string, string>, signal: AbortSignal): Request {
  const [method, template] = key.split(" ");
  const segment = (name: string) => {
    const v = req.params?.[name] ?? [];
    return Array.isArray(v) ? v.map(encodeURIComponent).join("/") : encodeURIComponent(v);
  };
  const path = template.replace(/\[\[?\.\.\.(\w+)\]\]?|\[(\w+)\]/g, (_, rest: string | undefined, one: string | undefined) => segment(rest ?? one!));
  const url = new URL(path.replace(/\/$/, ""), ORIGIN);
  if (req.query) url.search = req.query;
  const h: Record<string, string> = { ...headers, ...req.headers };
  let body: BodyInit | undefined;
  if (req.form) body = req.form;
  else if (typeof req.body === "string") body = req.body;
  else if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    h["content-type"] = "application/json";
  }
  return new Request(url, { method, headers: h, body, signal });
}

let world: World;
let handlers: Map<string, Handler>;
beforeAll(async () => {
  [world, handlers] = await Promise.all([makeWorld(), routeHandlers()]);
}, 120_000);

describe("route × role table", () => {
  it("has an entry for every route file and method, and none for routes that don't exist", () => {
    expect(
      [...handlers.keys()].filter((k) => !(k in TABLE)),
      "routes missing from TABLE",
    ).toEqual([]);
    expect(
      Object.keys(TABLE).filter((k) => !handlers.has(k)),
      "TABLE entries without a route",
    ).toEqual([]);
  });

  for (const [key, entry] of Object.entries(TABLE)) {
    it(`${key}`, async () => {
      const handler = handlers.get(key);
      if (!handler) return; // reported by the first test
      const wrong: string[] = [];
      for (const role of ROLES) {
        const req = (await entry.request?.(world, role)) ?? {};
        const headers = req.headers ?? world.headers(role);
        // Aborted once answered: a live event stream would otherwise stay open.
        const done = new AbortController();
        const request = requestFor(key, req, req.headers ? { ...world.headers(role), ...req.headers } : headers, done.signal);
        const res = await handler(request, { params: Promise.resolve(req.params ?? {}) });
        // Read to the end (an event stream excepted: it would not end), so the handler's work is done before the next request.
        if (!(res.status < 300 && res.headers.get("content-type")?.includes("event-stream"))) await res.text();
        done.abort();
        const allowed = entry.allow.includes(role);
        const okStatus = res.status < 300 || (entry.ok ?? []).includes(res.status);
        const deniedStatus = role === "anonymous" ? res.status === 401 : [401, 403, 404].includes(res.status);
        if (allowed ? !okStatus : !deniedStatus)
          wrong.push(`${role}: ${allowed ? "allowed" : "denied"} but got ${res.status} ${(await res.text()).slice(0, 160)}`);
      }
      expect(wrong).toEqual([]);
    }, 180_000); // nine identities; account-creating rows hash passwords (slow on a loaded 2-core machine)
  }
});
