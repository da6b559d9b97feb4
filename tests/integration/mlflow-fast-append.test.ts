import { describe, expect, it } from "vitest";
import { getDatabase } from "@/lib/db";
import { actorOf } from "@/lib/server/review/actor";
import { Auth } from "@/lib/server/auth/auth";
import { fastAppends } from "@/lib/server/metrics/fast-append";
import { writeRunSeries } from "@/lib/server/metrics/ingest-metrics";
import { recomputeStats } from "@/lib/server/metrics/metric-stats";
import { parseMetrics } from "@/lib/mlflow/metric-columns";
import { metricSeries } from "@/lib/server/mlflow/log-batch";
import { uniqueSlug } from "./http";
import { storedPoints as stored } from "./stored-points";
import { mlflowGet, mlflowPost } from "./mlflow-client";

const T0 = 1_700_000_000_000;

interface Metric {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}

/** Batch n of a logger flushing every 37 steps: 3 keys plus epoch, NaN/±Infinity and repeated minima/maxima among the values. */
function batch(n: number): Metric[] {
  const out: Metric[] = [];
  for (let s = n * 37; s < (n + 1) * 37; s++) {
    out.push({ key: "loss", value: s % 50 === 7 ? "NaN" : s % 61 === 3 ? "Infinity" : 1 + Math.round(Math.cos(s) * 4) / 4, timestamp: T0 + s, step: s });
    out.push({ key: "learning_rate", value: 1e-3 * 0.999 ** s, timestamp: T0 + s, step: s });
    out.push({ key: "epoch", value: Math.floor(s / 100), timestamp: T0 + s, step: s });
    if (s % 5 === 0) out.push({ key: "val/mIoU", value: s % 10 ? 0.5 : 0, timestamp: T0 + s, step: s });
  }
  return out;
}

async function newExperiment() {
  return ((await mlflowPost("experiments/create", { name: uniqueSlug("fast") })).json as { experiment_id: string }).experiment_id;
}

async function newRun(experimentId: string) {
  const created = (await mlflowPost("runs/create", { experiment_id: experimentId, start_time: T0 })).json as { run: { info: { run_id: string } } };
  return created.run.info.run_id;
}

/** The same points written the ordinary way (Anneal's chunk store in a transaction), as the reference. */
async function writeOrdinary(runId: string, metrics: Metric[]) {
  const db = await getDatabase();
  const [{ project_id }] = await db.sql.query<{ project_id: number }>(`SELECT project_id FROM runs WHERE id = $1`, [runId]);
  const m = parseMetrics(metrics);
  await db.sql.transaction((tx) => writeRunSeries(tx, { id: runId, projectId: project_id }, metricSeries(m), actorOf(Auth.operator())));
}

describe("MLflow log-batch's fast append path", () => {
  it("stores exactly what the ordinary write path stores (chunks, compaction, stored smoothing, stats), and notices writes made behind its back", async () => {
    const experimentId = await newExperiment();
    const fast = await newRun(experimentId);
    const reference = await newRun(experimentId);
    const db = await getDatabase();
    const before = fastAppends.count;
    for (let n = 0; n < 100; n++) {
      expect((await mlflowPost("runs/log-batch", { run_id: fast, metrics: batch(n) })).status).toBe(200);
      await writeOrdinary(reference, batch(n));
      if (n === 60) {
        // Another writer (Anneal's own API, an import) rewrites a few points of both: the fast path must not miss it.
        const rewrite = [
          { key: "loss", value: -5, timestamp: T0, step: 40 },
          { key: "learning_rate", value: 7, timestamp: T0, step: n * 37 + 36 },
        ];
        await writeOrdinary(fast, rewrite);
        await writeOrdinary(reference, rewrite);
      }
    }
    // Nearly every batch went the fast way (not the first, the one after the rewrite, nor the few that compact a full small tail).
    expect(fastAppends.count - before).toBeGreaterThanOrEqual(90);
    expect(await stored(fast)).toEqual(await stored(reference));
    // The fast path's incremental stats are what a full recomputation gives.
    const keys = ["loss", "learning_rate", "epoch", "val/mIoU", "_epoch", "_time"];
    const { stats } = await stored(fast);
    expect(Object.keys(stats).sort()).toEqual([...keys].sort());
    expect(stats).toEqual(JSON.parse(JSON.stringify(await recomputeStats(db.sql, fast, keys))));
    // One metrics.appended event per batch, as the ordinary path announces.
    const [{ events }] = await db.sql.query<{ events: number }>(
      `SELECT count(*)::int AS events FROM project_events WHERE run_id = $1 AND type = 'metrics.appended'`,
      [fast],
    );
    expect(events).toBe(101);
  });

  it("a batch that rewrites logged steps, or a write to a deleted run, takes the ordinary path with its errors", async () => {
    const experimentId = await newExperiment();
    const runId = await newRun(experimentId);
    for (let n = 0; n < 3; n++) await mlflowPost("runs/log-batch", { run_id: runId, metrics: batch(n) });
    // Step 5 again: last write wins.
    await mlflowPost("runs/log-batch", { run_id: runId, metrics: [{ key: "loss", value: 42, timestamp: T0, step: 5 }] });
    const history = ((await mlflowGet("metrics/get-history", { run_id: runId, metric_key: "loss" })).json as { metrics: { step: number; value: number }[] })
      .metrics;
    expect(history.find((m) => m.step === 5)?.value).toBe(42);
    expect(history).toHaveLength(111);
    await mlflowPost("runs/delete", { run_id: runId });
    const refused = await mlflowPost("runs/log-batch", { run_id: runId, metrics: batch(3) });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error_code: "INVALID_PARAMETER_VALUE" });
  });
});
