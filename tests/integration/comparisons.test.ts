import { describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import * as compare from "@/app/api/v1/compare/route";
import * as projectComparisons from "@/app/api/v1/projects/[slug]/comparisons/route";
import * as comparison from "@/app/api/v1/comparisons/[id]/route";
import * as comparisonComments from "@/app/api/v1/comparisons/[id]/comments/route";
import { call, uniqueSlug } from "./http";

/** Two optimizers × two seeds, mIoU rising to different plateaus. */
async function setup() {
  const project = uniqueSlug("cmp");
  const ids: string[] = [];
  for (const [optimizer, top] of [
    ["AdamW", 0.7],
    ["AdamW", 0.71],
    ["SGD", 0.74],
    ["SGD", 0.75],
  ] as const) {
    const id = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project, name: `${optimizer}-${top}`, config: { optimizer, seed: ids.length } } })).json
      .id;
    const step = Array.from({ length: 50 }, (_, i) => i * 100);
    await call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, {
      params: { id },
      body: { step, values: { mIoU: step.map((s) => top * (1 - Math.exp(-s / 1000))) } },
    });
    ids.push(id);
  }
  return { project, ids };
}

const save = (project: string, body: unknown) =>
  call(projectComparisons.POST, "POST", `/api/v1/projects/${project}/comparisons`, { params: { slug: project }, body });
const get = (id: string) => call(comparison.GET, "GET", `/api/v1/comparisons/${id}`, { params: { id } });

describe("saved comparisons", () => {
  it("saves the view's state canonically with its verdict, lists it, and restores it", async () => {
    const { project, ids } = await setup();
    const state = `?runs=${ids.join(",")}&group=optimizer&smooth=ema&x=step&from=100&to=2000`;
    const created = await save(project, { name: "SGD vs AdamW", description: "weekly", state });
    expect(created.status).toBe(201);
    expect(created.json.url).toMatch(new RegExp(`/projects/${project}/comparisons/${created.json.id}$`));
    // Defaults are dropped, order kept: exactly what the compare page writes.
    expect(created.json.state).toBe(`runs=${ids.join(",")}&group=optimizer&from=100&to=2000`);
    expect(created.json.compareUrl).toBe(`/projects/${project}/compare?${created.json.state}`);
    expect(created.json.saved.verdict.better).toBe("optimizer=SGD");
    expect(created.json.saved.verdict.text).toContain("SGD");
    expect(created.json.changes).toEqual([]);
    expect(created.json.author).toEqual({ id: "local", name: "local user" });

    const list = await call(projectComparisons.GET, "GET", `/api/v1/projects/${project}/comparisons`, { params: { slug: project } });
    expect(list.json.comparisons).toEqual([expect.objectContaining({ id: created.json.id, name: "SGD vs AdamW", runCount: 4, commentCount: 0 })]);
    const again = await get(created.json.id);
    expect(again.json.state).toBe(created.json.state);
    expect(again.json.saved).toEqual(created.json.saved);
  });

  it("tells how the runs changed since, with the verdict now beside the verdict saved", async () => {
    const { project, ids } = await setup();
    const c = (await save(project, { name: "x", state: `runs=${ids.join(",")}&group=optimizer` })).json;
    // AdamW seed 0 keeps training and overtakes.
    const id = ids[0];
    await call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body: { step: [6000, 7000], values: { mIoU: [0.9, 0.95] } } });
    const now = (await get(c.id)).json;
    expect(now.changes).toEqual([{ runId: id, name: "AdamW-0.7", change: "logged up to step 7000 (was 4900)" }]);
    expect(now.saved.verdict.better).toBe("optimizer=SGD");
    expect(now.current.verdict.better).toBe("optimizer=AdamW");
  });

  it("refuses states it couldn't restore, naming the field", async () => {
    const { project, ids } = await setup();
    const other = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug("cmp") } })).json.id;
    for (const state of ["x=step", `runs=${ids[0]},${other}`, `runs=${ids[0]}&baseline=${ids[1]}`, "runs=" + "a,".repeat(5000)]) {
      const r = await save(project, { name: "bad", state });
      expect(r.status, state.slice(0, 40)).toBe(400);
      expect(r.json.error.details[0].path).toBe("state");
    }
    expect((await save(project, { name: " ", state: `runs=${ids[0]}` })).json.error.details[0].path).toBe("name");
  });

  it("renames, saves a new state (new snapshot) and deletes with its comments", async () => {
    const { project, ids } = await setup();
    const c = (await save(project, { name: "first", state: `runs=${ids[0]},${ids[2]}` })).json;
    const renamed = await call(comparison.PATCH, "PATCH", `/api/v1/comparisons/${c.id}`, {
      params: { id: c.id },
      body: { name: "second", state: `runs=${ids.join(",")}` },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: "second", description: null, state: `runs=${ids.join(",")}` });
    expect(renamed.json.saved.runs).toHaveLength(4);

    const posted = await call(comparisonComments.POST, "POST", `/api/v1/comparisons/${c.id}/comments`, {
      params: { id: c.id },
      body: { body: "SGD overtakes at 0.5 of training", anchor: { key: "mIoU", x: 0.5, axis: "fraction" } },
    });
    expect(posted.status).toBe(201);
    expect(posted.json).toMatchObject({ comparisonId: c.id, runId: null, anchor: { key: "mIoU", x: 0.5, axis: "fraction" } });
    expect(posted.json.url).toContain(`/comparisons/${c.id}?comment=${posted.json.id}`);
    expect((await get(c.id)).json.commentCount).toBe(1);

    expect((await call(comparison.DELETE, "DELETE", `/api/v1/comparisons/${c.id}`, { params: { id: c.id } })).status).toBe(204);
    expect((await get(c.id)).status).toBe(404);
    expect((await call(comparisonComments.GET, "GET", `/api/v1/comparisons/${c.id}/comments`, { params: { id: c.id } })).status).toBe(404);
  });
});

describe("compare vs baseline", () => {
  it("adds a verdict vs the pinned baseline; a baseline outside the runs is a 400", async () => {
    const { ids } = await setup();
    const r = await call(compare.GET, "GET", `/api/v1/compare?runs=${ids.join(",")}&baseline=${ids[0]}`);
    expect(r.status).toBe(200);
    expect(r.json.vsBaseline).toMatchObject({ baselineId: ids[0], baselineName: "AdamW-0.7", metric: "mIoU" });
    expect(r.json.vsBaseline.runs.map((x: { better: boolean }) => x.better)).toEqual([true, true, true]);
    expect(r.json.vsBaseline.text).toMatch(/^Vs baseline AdamW-0\.7 \(best mIoU 0\.69\d*\): 3 of 3 runs beat it\./);
    const bad = await call(compare.GET, "GET", `/api/v1/compare?runs=${ids[1]},${ids[2]}&baseline=${ids[0]}`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("query.baseline");
  });
});
