import { describe, expect, it } from "vitest";
import * as demo from "@/app/api/v1/demo/route";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import { getDatabase } from "@/lib/db";
import { Auth } from "@/lib/server/auth/auth";
import { loadDemo } from "@/lib/server/demo/load-demo";
import { call, uniqueSlug } from "./http";

describe("demo data", () => {
  // These load into a project of their own: other suites read "demo" at the same time (PostgreSQL).
  it("is loaded atomically: a load failing at its 13th run leaves no demo run behind", async () => {
    const db = await getDatabase();
    const project = uniqueSlug("demo");
    // A real database fault, not a mock: a trigger refuses one fixture's run half-way through the load.
    await db.sql.exec(`
      CREATE OR REPLACE FUNCTION anneal_test_refuse_demo() RETURNS trigger AS $$
      BEGIN
        IF NEW.external_id = 'demo:sgd-2e-2-exp' AND NEW.project_id = (SELECT id FROM projects WHERE slug = '${project}') THEN
          RAISE EXCEPTION 'refused by test';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER anneal_test_refuse_demo BEFORE INSERT ON runs FOR EACH ROW EXECUTE FUNCTION anneal_test_refuse_demo();`);
    try {
      await expect(loadDemo(db, { auth: Auth.operator(), project })).rejects.toThrow(/refused by test/);
    } finally {
      await db.sql.exec(`DROP TRIGGER anneal_test_refuse_demo ON runs; DROP FUNCTION anneal_test_refuse_demo();`);
    }
    const rows = await db.sql.query(`SELECT r.id FROM runs r JOIN projects p ON p.id = r.project_id WHERE p.slug = $1`, [project]);
    expect(rows).toHaveLength(0);
  });

  it("loads the shipped real training runs once, with their LR and mIoU", async () => {
    const first = await call(demo.POST, "POST", "/api/v1/demo");
    expect(first.status).toBe(200);
    expect(first.json.runs).toBe(24);
    const again = await call(demo.POST, "POST", "/api/v1/demo");
    expect(again.json.created).toBe(0);
    const list = (await call(runs.GET, "GET", "/api/v1/runs?project=demo&sort=best&limit=100")).json;
    expect(list.total).toBe(24);
    const plateau = list.runs.find((r: { name: string }) => r.name === "sgd-2e-2-plateau");
    expect(plateau).toMatchObject({ status: "finished", optimizer: "SGD", lr: 0.02, schedule: "plateau", lastStep: 800 });
    expect(plateau.best.value).toBeCloseTo(0.4763991709224053, 12);
    const s = (await call(metrics.GET, "GET", `/api/v1/runs/${plateau.id}/metrics?keys=lr,mIoU&maxPoints=0`, { params: { id: plateau.id } })).json.series;
    expect(s.lr.count).toBe(800);
    expect(s.lr.y[0]).toBe(0.02);
    expect(s.lr.y[121]).toBe(0.01);
    expect(s.mIoU.count).toBe(40);
  });

  it("serialises two loads at once: every run once, with all its points", async () => {
    const db = await getDatabase();
    const project = uniqueSlug("demo");
    const [a, b] = await Promise.all([loadDemo(db, { auth: Auth.operator(), project }), loadDemo(db, { auth: Auth.operator(), project })]);
    expect([a.created, b.created].sort((x, y) => x - y)).toEqual([0, 24]);
    const counts = await db.sql.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM runs r JOIN projects p ON p.id = r.project_id WHERE p.slug = $1 AND r.metric_stats ? 'lr' GROUP BY p.id`,
      [project],
    );
    expect(counts[0].n).toBe("24");
  });
});
