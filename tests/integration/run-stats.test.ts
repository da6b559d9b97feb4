import { describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import { getDatabase } from "@/lib/db";
import { recomputeStats } from "@/lib/server/metrics/metric-stats";
import { call, uniqueSlug } from "./http";

describe("run stats refreshed in SQL", () => {
  it("equal the stats computed from the same chunks in TypeScript, non-finite and extreme values included", async () => {
    const run = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug("stats") } })).json;
    const batch = {
      step: [0, 1, 2, 3, 4],
      epoch: [0, 0, 0.5, 1, 1],
      values: {
        nanLast: [1, 2, 3, 4, "NaN"],
        infLast: [-1e-300, 5e-5, 0.1, 1.7976931348623157e308, "Infinity"],
        negInfLast: [3, null, -2.5, null, "-Infinity"],
        plain: [0.30000000000000004, 1 / 3, -0, 123456789012345, 2 ** -1074],
      },
    };
    expect((await call(metrics.POST, "POST", `/api/v1/runs/${run.id}/metrics`, { params: { id: run.id }, body: batch })).status).toBe(200);
    const db = await getDatabase();
    const [{ stats, lastStep }] = await db.sql.query<{ stats: Record<string, unknown>; lastStep: string }>(
      `SELECT metric_stats AS stats, last_step AS "lastStep" FROM runs WHERE id = $1`,
      [run.id],
    );
    const expected = await recomputeStats(db.sql, run.id, Object.keys(stats));
    expect(stats).toEqual(JSON.parse(JSON.stringify(expected)));
    expect((stats.nanLast as { last: unknown }).last).toBe("NaN");
    expect((stats.plain as { max: number }).max).toBe(123456789012345);
    expect(Number(lastStep)).toBe(4);
  });
});
