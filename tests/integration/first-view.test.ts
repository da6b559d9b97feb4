import { beforeAll, describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import { getDatabase } from "@/lib/db";
import { getRun, getRuns } from "@/lib/server/runs/get-run";
import { call, uniqueSlug } from "./http";

// A compare page's first view renders its runs' details with the HTML, read in one plain query
// (getRuns) where the API reads each through the ORM (getRun). The browser keeps them as the API's
// answers (the runs' cached reads), so they must be the same; and the page must not show runs of
// projects its caller may not read.

const projects = [uniqueSlug("fv"), uniqueSlug("fv-other")];
const ids: string[] = [];

async function newRun(project: string, name: string, config: Record<string, unknown>): Promise<string> {
  const r = await call(runs.POST, "POST", "/api/v1/runs", { body: { project, name, config, tags: ["a", "b"], notes: "n" } });
  expect(r.status).toBe(201);
  return r.json.id;
}

beforeAll(async () => {
  ids.push(await newRun(projects[0], "logged", { optimizer: "SGD", lr: 0.1, nested: { a: [1, 2] } }));
  ids.push(await newRun(projects[0], "empty", {}));
  ids.push(await newRun(projects[1], "elsewhere", { optimizer: "AdamW" }));
  const body = {
    step: [0, 1, 2],
    epoch: [0, 0.5, 1],
    time: [1000, 1001, 1002],
    values: { mIoU: [0.1, "NaN", 0.3], loss: [2, 1, "Infinity"], lr: [0.1, 0.1, 0.01] },
  };
  const r = await call(metrics.POST, "POST", `/api/v1/runs/${ids[0]}/metrics`, { params: { id: ids[0] }, body });
  expect(r.status).toBe(200);
});

describe("getRuns (a compare page's first view)", () => {
  it("gives each run's detail as the run API does, in the order asked, leaving out runs that don't exist", async () => {
    const db = await getDatabase();
    const asked = [ids[2], "no-such-run", ids[0], ids[1]];
    const details = await getRuns(db, asked, () => true);
    expect(details.map((d) => d.id)).toEqual([ids[2], ids[0], ids[1]]);
    for (const d of details) expect(d).toEqual(await getRun(db, { id: d.id }));
    expect(details[1].metrics.map((m) => m.key)).toEqual(["loss", "lr", "mIoU"]);
    expect(details[1].hasEpoch && details[1].hasTime).toBe(true);
  });

  it("leaves out the runs of projects the caller may not read", async () => {
    const db = await getDatabase();
    const [readable] = await db.sql.query<{ id: number }>(`SELECT id FROM projects WHERE slug = $1`, [projects[0]]);
    const details = await getRuns(db, ids, (projectId) => projectId === readable.id);
    expect(details.map((d) => d.id)).toEqual([ids[0], ids[1]]);
  });
});
