import { describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import { getDatabase } from "@/lib/db";
import { ZListRuns } from "@/lib/schemas/runs";
import { listRuns } from "@/lib/server/runs/list-runs";
import { getRun } from "@/lib/server/runs/get-run";
import { sweepCrashedRuns } from "@/lib/server/alerts/sweep-crashed-runs";
import { env } from "@/lib/server/env";
import { call, uniqueSlug } from "./http";

// "Crashed" is decided in three places (the runs list in SQL, the run view in TypeScript, the crash
// sweep in SQL): at the same instant they must agree, right at the timeout and one millisecond past it.
describe("crashed: one rule for the runs list, the run view and the crash sweep", () => {
  it("agree at the boundary", async () => {
    const project = uniqueSlug("crash");
    const created = await call(runs.POST, "POST", "/api/v1/runs", { body: { project } });
    const id = created.json.id as string;
    const db = await getDatabase();
    const silentSince = new Date("2026-01-01T00:00:00.000Z");
    await db.sql.query(`UPDATE runs SET last_activity_at = $2 WHERE id = $1`, [id, silentSince]);
    const atTimeout = new Date(silentSince.getTime() + env().ANNEAL_CRASH_AFTER_SECONDS * 1000);
    const justPast = new Date(atTimeout.getTime() + 1);

    const seen = async (now: Date) => {
      const listed = await listRuns(db, ZListRuns.parse({ project }), now);
      const filtered = await listRuns(db, ZListRuns.parse({ project, status: "crashed" }), now);
      const sorted = await listRuns(db, ZListRuns.parse({ project, sort: "status" }), now);
      await sweepCrashedRuns(db, now);
      const [swept] = await db.sql.query<{ swept: boolean }>(`SELECT crash_notified_at IS NOT NULL AS swept FROM runs WHERE id = $1`, [id]);
      return {
        list: listed.runs[0].status,
        listFilter: filtered.runs.length === 1,
        listSort: sorted.runs[0].status,
        view: (await getRun(db, { id, now })).status,
        sweep: swept.swept,
      };
    };
    expect(await seen(atTimeout)).toEqual({ list: "running", listFilter: false, listSort: "running", view: "running", sweep: false });
    expect(await seen(justPast)).toEqual({ list: "crashed", listFilter: true, listSort: "crashed", view: "crashed", sweep: true });
  });
});
