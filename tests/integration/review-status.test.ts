import { describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as run from "@/app/api/v1/runs/[id]/route";
import * as runsBulk from "@/app/api/v1/runs/bulk/route";
import * as activity from "@/app/api/v1/projects/[slug]/activity/route";
import { getDatabase } from "@/lib/db";
import { MAX_BULK_RUNS } from "@/lib/schemas/runs";
import { call, uniqueSlug } from "./http";

async function newRuns(project: string, n: number) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await call(runs.POST, "POST", "/api/v1/runs", { body: { project, name: `r${i}` } })).json.id);
  return out;
}
const review = (id: string, value: string | null) => call(run.PATCH, "PATCH", `/api/v1/runs/${id}`, { params: { id }, body: { review: value } });
const listed = async (query: string) => (await call(runs.GET, "GET", `/api/v1/runs?${query}`)).json;

describe("review status", () => {
  it("sets, shows and clears a status with who and when", async () => {
    const [id] = await newRuns(uniqueSlug("rv"), 1);
    const r = await review(id, "approved");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ review: "approved", reviewedBy: "local user" });
    expect(Date.parse(r.json.reviewedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await review(id, null)).json.review).toBeNull();
    const bad = await review(id, "great");
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("review");
  });

  it("keeps one baseline per project: a new one clears the old, also under concurrent requests", async () => {
    const project = uniqueSlug("rv");
    const ids = await newRuns(project, 6);
    const other = (await newRuns(uniqueSlug("rv"), 1))[0];
    await review(other, "baseline");
    await review(ids[0], "baseline");
    await review(ids[1], "baseline");
    let page = await listed(`project=${project}&review=baseline`);
    expect(page.runs.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
    // Racing requests: whichever commits last wins, and there is never more than one.
    const results = await Promise.all(ids.slice(2).map((id) => review(id, "baseline")));
    expect(results.every((r) => r.status === 200)).toBe(true);
    page = await listed(`project=${project}&review=baseline`);
    expect(page.total).toBe(1);
    // Another project's baseline is untouched.
    expect((await call(run.GET, "GET", `/api/v1/runs/${other}`, { params: { id: other } })).json.review).toBe("baseline");
    // The database refuses a second baseline whatever the code does.
    const db = await getDatabase();
    await expect(db.sql.query(`UPDATE runs SET review = 'baseline' WHERE id = $1`, [ids[0]])).rejects.toThrow(/runs_one_baseline_per_project/);
  });

  it("filters by status (or none) and sorts baseline first, undecided before decided", async () => {
    const project = uniqueSlug("rv");
    const [a, b, c, d] = await newRuns(project, 4);
    await review(a, "approved");
    await review(b, "candidate");
    await review(c, "baseline");
    expect((await listed(`project=${project}&review=approved`)).runs.map((r: { id: string }) => r.id)).toEqual([a]);
    expect((await listed(`project=${project}&review=none`)).runs.map((r: { id: string }) => r.id)).toEqual([d]);
    expect((await listed(`project=${project}&sort=review`)).runs.map((r: { review: string | null }) => r.review)).toEqual([
      "baseline",
      "candidate",
      "approved",
      null,
    ]);
  });
});

describe("bulk changes from the runs table", () => {
  const bulk = (body: unknown) => call(runsBulk.POST, "POST", "/api/v1/runs/bulk", { body });

  it("sets a status and adds/removes tags on many runs at once, reporting what changed", async () => {
    const project = uniqueSlug("rv");
    const ids = await newRuns(project, 3);
    await call(run.PATCH, "PATCH", `/api/v1/runs/${ids[0]}`, { params: { id: ids[0] }, body: { tags: ["old", "keep"] } });
    const r = await bulk({ ids, review: "candidate", addTags: ["sweep-3"], removeTags: ["old"] });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ updated: 3, unchanged: 0 });
    const page = await listed(`project=${project}&sort=name&order=asc`);
    expect(page.runs.map((x: { review: string; tags: string[] }) => [x.review, x.tags])).toEqual([
      ["candidate", ["keep", "sweep-3"]],
      ["candidate", ["sweep-3"]],
      ["candidate", ["sweep-3"]],
    ]);
    expect((await bulk({ ids, review: "candidate" })).json).toEqual({ updated: 0, unchanged: 3 });
  });

  it("refuses a baseline on several runs, runs of two projects, nothing to do, and too many runs", async () => {
    const a = await newRuns(uniqueSlug("rv"), 2);
    const b = await newRuns(uniqueSlug("rv"), 1);
    const cases: [unknown, number, string][] = [
      [{ ids: a, review: "baseline" }, 400, "review"],
      [{ ids: [...a, ...b], review: "approved" }, 400, "ids"],
      [{ ids: a }, 400, ""],
      [{ ids: Array.from({ length: MAX_BULK_RUNS + 1 }, (_, i) => `r${i}`), review: "approved" }, 400, "ids"],
      [{ ids: ["nope"], review: "approved" }, 404, ""],
    ];
    for (const [body, status, path] of cases) {
      const r = await bulk(body);
      expect(r.status).toBe(status);
      if (path) expect(r.json.error.details[0].path).toBe(path);
    }
    expect((await bulk({ ids: [a[0]], review: "baseline" })).json.updated).toBe(1);
  });
});

describe("activity feed", () => {
  it("lists who did what, newest first, one line per import, paged", async () => {
    const project = uniqueSlug("rv");
    const [id] = await newRuns(project, 1);
    await review(id, "approved");
    await call(run.PATCH, "PATCH", `/api/v1/runs/${id}`, { params: { id }, body: { status: "finished" } });
    const feed = await call(activity.GET, "GET", `/api/v1/projects/${project}/activity?limit=2`, { params: { slug: project } });
    expect(feed.status).toBe(200);
    expect(feed.json.events.map((e: { type: string; data: any }) => [e.type, e.data.changes ?? e.data.name])).toEqual([
      ["run.updated", { status: "finished", previousStatus: "running" }],
      ["run.updated", { review: "approved" }],
    ]);
    expect(feed.json.events[0].actor).toEqual({ id: "local", name: "local user" });
    const next = await call(activity.GET, "GET", `/api/v1/projects/${project}/activity?before=${feed.json.nextBefore}`, { params: { slug: project } });
    expect(next.json.events.map((e: { type: string }) => e.type)).toEqual(["run.created"]);
    expect(next.json.nextBefore).toBeNull();
    const bad = await call(activity.GET, "GET", `/api/v1/projects/${project}/activity?limit=100000`, { params: { slug: project } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("query.limit");
  });
});
