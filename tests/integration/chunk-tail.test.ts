import { describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import { getDatabase } from "@/lib/db";
import { readPoints } from "@/lib/server/metrics/read-series";
import { call, uniqueSlug } from "./http";

const post = (id: string, body: object) => call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body });

describe("small appends (a client flushing every few steps)", () => {
  it("are stored as small chunks and compacted once the tail holds 4,096 points: few rows, every point, no overlap", async () => {
    const run = (await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug("tail") } })).json;
    for (let b = 0; b < 100; b++) {
      const step = Array.from({ length: 100 }, (_, i) => b * 100 + i);
      expect((await post(run.id, { step, values: { loss: step.map((s) => s / 10) } })).status).toBe(200);
    }
    const db = await getDatabase();
    const chunks = await db.sql.query<{ lo: string; hi: string; n: number }>(
      `SELECT step_lo::text AS lo, step_hi::text AS hi, n FROM metric_chunks WHERE run_id = $1 AND key = 'loss' ORDER BY step_lo`,
      [run.id],
    );
    // 10,000 points: two compacted chunks of ≥ 4,096 and a small tail of ≤ 32 chunks — not 100 rows, not one row rewritten 100 times.
    expect(chunks.filter((c) => c.n >= 4096)).toHaveLength(2);
    expect(chunks.length).toBeLessThanOrEqual(2 + 32);
    for (let i = 1; i < chunks.length; i++) expect(Number(chunks[i].lo)).toBeGreaterThan(Number(chunks[i - 1].hi));
    const all = await readPoints(db.sql, run.id, "loss", 0, 1e9);
    expect(all.steps.length).toBe(10_000);
    expect(Array.from(all.values.subarray(0, 3))).toEqual([0, 0.1, 0.2]);
    // A rewrite across compacted and small chunks still keeps the last value per step.
    await post(run.id, { step: [4095, 4096, 9999], values: { loss: [-1, -2, -3] } });
    const after = await readPoints(db.sql, run.id, "loss", 0, 1e9);
    expect(after.steps.length).toBe(10_000);
    expect([after.values[4095], after.values[4096], after.values[9999]]).toEqual([-1, -2, -3]);
    // Every chunk, small or compacted, has the stored smoothing's sums.
    const [{ ema }] = await db.sql.query<{ ema: string }>(`SELECT count(*)::text AS ema FROM metric_chunk_ema WHERE run_id = $1 AND key = 'loss'`, [run.id]);
    const [{ n }] = await db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM metric_chunks WHERE run_id = $1 AND key = 'loss'`, [run.id]);
    expect(Number(ema)).toBe(Number(n));
  });
});
