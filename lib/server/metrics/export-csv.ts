import "server-only";
import type { Database } from "@/lib/db/client";
import { EPOCH_KEY, TIME_KEY } from "@/lib/schemas/metrics";
import { toWire } from "@/lib/schemas/common";
import { csvField } from "@/lib/compare/csv";
import { findRun } from "@/lib/server/runs/find-run";
import type { MetricStats } from "@/lib/server/runs/run-view";
import { readSteps } from "./read-series";
import { statsExtent } from "./stats-extent";

/** Steps read per window: bounds memory for runs with millions of points. */
const WINDOW_POINTS = 50_000;

/** Every point of a run as CSV: one row per step, one column per key (plus epoch and time). */
export async function exportRunCsv(db: Database, opts: { runId: string }) {
  const run = await findRun(db, opts.runId);
  const stats = run.metricStats as unknown as Record<string, MetricStats>;
  const metricKeys = Object.keys(stats)
    .filter((k) => !k.startsWith("_"))
    .sort();
  const keys = [...(EPOCH_KEY in stats ? [EPOCH_KEY] : []), ...(TIME_KEY in stats ? [TIME_KEY] : []), ...metricKeys];
  const header = ["step", ...keys.map((k) => (k === EPOCH_KEY ? "epoch" : k === TIME_KEY ? "time" : k))].map(csvField).join(",");
  const extent = statsExtent(stats, keys);
  const maxCount = Math.max(1, ...Object.values(stats).map((s) => s.count));
  const span = extent ? extent.hi - extent.lo + 1 : 0;
  const window = Math.max(1, Math.floor((span * WINDOW_POINTS) / maxCount));
  const encoder = new TextEncoder();

  let next = extent?.lo ?? 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(header + "\n"));
      if (!extent) controller.close();
    },
    async pull(controller) {
      if (!extent || next > extent.hi) return controller.close();
      const lo = next,
        hi = Math.min(extent.hi, next + window - 1);
      next = hi + 1;
      const read = await readSteps(
        db.sql,
        keys.map((key) => ({ runId: run.id, key, lo, hi, maxPoints: 0 })),
      );
      const rows = new Map<number, string[]>();
      keys.forEach((key, col) => {
        const s = read[col];
        if (s.downsampled) return;
        s.steps.forEach((step, i) => {
          const row = rows.get(step) ?? rows.set(step, new Array<string>(keys.length).fill("")).get(step)!;
          row[col] = String(toWire(s.values[i]));
        });
      });
      const lines = [...rows.keys()].sort((a, b) => a - b).map((step) => `${step},${rows.get(step)!.join(",")}\n`);
      controller.enqueue(encoder.encode(lines.join("")));
    },
  });
  return { filename: `${run.name.replace(/[^A-Za-z0-9._-]+/g, "_")}.csv`, stream };
}
