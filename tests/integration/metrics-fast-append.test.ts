import { describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import { getDatabase } from "@/lib/db";
import { APPENDED_POINTS_CAP } from "@/lib/events/appended-points";
import { parseMetricBatch } from "@/lib/schemas/metrics";
import { Auth } from "@/lib/server/auth/auth";
import { batchToSeries } from "@/lib/server/metrics/batch-series";
import { fastAppends, forgetAppendState } from "@/lib/server/metrics/fast-append";
import { writeRunSeries } from "@/lib/server/metrics/ingest-metrics";
import { actorOf } from "@/lib/server/review/actor";
import { call, uniqueSlug } from "./http";
import { storedPoints } from "./stored-points";

async function newRun(project: string) {
  return (await call(runs.POST, "POST", "/api/v1/runs", { body: { project } })).json.id as string;
}
const post = (id: string, body: unknown) => call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body });

/** Batch n of a live run logging 3 steps at a time: NaN and ±Infinity among the values, an epoch, a key every other batch. */
function batch(n: number) {
  const step = [3 * n, 3 * n + 1, 3 * n + 2];
  const values: Record<string, (number | string)[]> = {
    loss: step.map((s) => (s % 40 === 7 ? "NaN" : s % 53 === 2 ? "-Infinity" : 2 / (1 + s / 30) + (s % 3) / 10)),
    lr: step.map((s) => 1e-3 * 0.99 ** s),
  };
  if (n % 2) values["val/mIoU"] = step.map((s) => s / 1000);
  return { batchId: `b-${n}`, step, epoch: step.map((s) => Math.floor(s / 50)), values };
}

/** The same batch written the ordinary way (the chunk store in a transaction), as the reference. */
async function writeOrdinary(runId: string, body: ReturnType<typeof batch>) {
  const db = await getDatabase();
  const [{ project_id }] = await db.sql.query<{ project_id: number }>(`SELECT project_id FROM runs WHERE id = $1`, [runId]);
  await db.sql.transaction((tx) => writeRunSeries(tx, { id: runId, projectId: project_id }, batchToSeries(parseMetricBatch(body)), actorOf(Auth.operator())));
}

describe("POST /runs/{id}/metrics's fast append path", () => {
  it("stores exactly what the ordinary path stores, one event per batch, nearly every small append in one statement", async () => {
    const project = uniqueSlug("fast");
    const fast = await newRun(project);
    const reference = await newRun(project);
    const before = fastAppends.count;
    for (let n = 0; n < 80; n++) {
      const res = await post(fast, batch(n));
      expect(res.json).toEqual({ accepted: n % 2 ? 9 : 6, duplicate: false });
      // Too small to be worth the gzip stream Next would wrap it in (lib/server/api/route.ts).
      expect(res.headers.get("cache-control")).toBe("no-transform");
      await writeOrdinary(reference, batch(n));
    }
    // Not the first batch, nor the first with val/mIoU, nor those compacting a full small tail.
    expect(fastAppends.count - before).toBeGreaterThanOrEqual(70);
    expect(await storedPoints(fast)).toEqual(await storedPoints(reference));
    const db = await getDatabase();
    const [{ events }] = await db.sql.query<{ events: number }>(
      `SELECT count(*)::int AS events FROM project_events WHERE run_id = $1 AND type = 'metrics.appended'`,
      [fast],
    );
    expect(events).toBe(80);
  });

  it("a retried batchId is a duplicate on the fast path too, and writes nothing", async () => {
    const id = await newRun(uniqueSlug("fast"));
    for (let n = 0; n < 3; n++) await post(id, batch(n));
    const written = await storedPoints(id);
    const before = fastAppends.count;
    // The same batch again (found by the ordinary path: its steps are not after the stored ones),
    // and new points under an earlier batch's id (found by the fast path's statement).
    expect((await post(id, batch(2))).json).toEqual({ accepted: 0, duplicate: true });
    expect((await post(id, { ...batch(3), batchId: "b-1" })).json).toEqual({ accepted: 0, duplicate: true });
    expect(fastAppends.count).toBe(before);
    expect(await storedPoints(id)).toEqual(written);
    // A batch the fast path writes claims its id: retried after the write state is forgotten (another instance), still a duplicate.
    expect((await post(id, batch(3))).json).toEqual({ accepted: 9, duplicate: false });
    expect(fastAppends.count).toBe(before + 1);
    forgetAppendState(id);
    expect((await post(id, batch(3))).json).toEqual({ accepted: 0, duplicate: true });
  });

  it("an appended batch's event carries its points (after each key's last step before it); a large batch's, or a first write's, does not", async () => {
    const id = await newRun(uniqueSlug("fast"));
    const db = await getDatabase();
    const lastEvent = async () =>
      (
        await db.sql.query<{ data: Record<string, unknown> }>(
          `SELECT data FROM project_events WHERE run_id = $1 AND type = 'metrics.appended' ORDER BY id DESC LIMIT 1`,
          [id],
        )
      )[0].data;
    // The first write, and the first with val/mIoU: the ordinary path, which doesn't know each key's last step before it.
    for (const n of [0, 1]) {
      await post(id, batch(n));
      expect(await lastEvent()).not.toHaveProperty("points");
    }
    const before = fastAppends.count;
    await post(id, batch(2));
    expect(await lastEvent()).toEqual({
      runId: id,
      keys: ["loss", "lr"],
      firstStep: 6,
      lastStep: 8,
      points: {
        loss: { after: 5, steps: [6, 7, 8], values: batch(2).values.loss },
        lr: { after: 5, steps: [6, 7, 8], values: batch(2).values.lr },
      },
    });
    expect(batch(2).values.loss).toContain("NaN");
    // Over the cap (both keys together): announced by keys and range only, on the fast path too.
    const step = Array.from({ length: APPENDED_POINTS_CAP / 2 + 1 }, (_, i) => 9 + i);
    await post(id, { step, values: { loss: step.map(() => 1), lr: step.map(() => 1) } });
    expect(await lastEvent()).toEqual({ runId: id, keys: ["loss", "lr"], firstStep: 9, lastStep: step.at(-1) });
    expect(fastAppends.count).toBe(before + 2);
    // Single points: every event carries its point, those of the writes that compact a full small tail (the ordinary path) too.
    const from = step.at(-1)! + 1;
    for (let s = from; s < from + 40; s++) await post(id, { step: [s], values: { loss: [s], lr: [1] } });
    expect(fastAppends.count - before - 2).toBeLessThan(40);
    const events = await db.sql.query<{ data: { points?: Record<string, { after: number; steps: number[] }> } }>(
      `SELECT data FROM project_events WHERE run_id = $1 AND type = 'metrics.appended' ORDER BY id DESC LIMIT 40`,
      [id],
    );
    expect(events.map((e) => e.data.points?.loss && [e.data.points.loss.after, ...e.data.points.loss.steps]).reverse()).toEqual(
      Array.from({ length: 40 }, (_, i) => [from + i - 1, from + i]),
    );
  });
});
