import { describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as run from "@/app/api/v1/runs/[id]/route";
import { getDatabase } from "@/lib/db";
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
