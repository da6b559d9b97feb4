import type { Database } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { EPOCH_KEY, TIME_KEY } from "@/lib/schemas/metrics";
import { toWire } from "@/lib/schemas/common";
import { findRun } from "@/lib/server/runs/find-run";
import type { MetricStats } from "@/lib/server/runs/run-view";
import { readStepSeries, stepExtent } from "./read-series";
import { statsExtent } from "./stats-extent";
import { StepMapping } from "./step-mapping";

export type XAxis = "step" | "epoch" | "time" | "relative";

/** Resolution of the step → epoch/time table used to place points on a non-step x axis. */
const MAPPING_POINTS = 4096;

export interface GetMetricsOptions {
  runId: string;
  keys?: string[];
  x: XAxis;
  maxPoints: number;
  from?: number;
  to?: number;
}

type StoredRun = { id: string; metricStats: unknown };

/** The metric read API: downsampled (min/max per bucket) or full series on the chosen x axis. */
export async function getMetrics(db: Database, opts: GetMetricsOptions) {
  return seriesOfRun(db, await findRun(db, opts.runId), opts);
}

/**
 * The same for many runs in one call (the compare view's charts): one query for the runs, no
 * per-run HTTP round trip. A run lacking the requested x axis gets an `error` instead of series.
 */
export async function getManyMetrics(db: Database, opts: Omit<GetMetricsOptions, "runId"> & { runIds: string[] }) {
  const runs = await db.prisma.run.findMany({ where: { id: { in: opts.runIds } }, select: { id: true, metricStats: true } });
  const missing = opts.runIds.filter((id) => !runs.some((r) => r.id === id));
  if (missing.length) throw notFound(`Run(s) ${missing.join(", ")}`);
  const out: Record<string, unknown> = {};
  await Promise.all(
    runs.map(async (run) => {
      try {
        out[run.id] = (await seriesOfRun(db, run, { ...opts, runId: run.id })).series;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        out[run.id] = { error: { code: err.code, message: err.message } };
      }
    }),
  );
  return { x: opts.x, runs: out };
}

async function seriesOfRun(db: Database, run: StoredRun, opts: GetMetricsOptions) {
  const stored = Object.keys(run.metricStats as object).filter((k) => !k.startsWith("_"));
  const keys = opts.keys?.length ? opts.keys.filter((k) => stored.includes(k)) : stored;
  const mapping = opts.x === "step" ? null : await loadMapping(db, run.id, opts.x === "epoch" ? EPOCH_KEY : TIME_KEY);
  if (mapping?.empty) {
    throw new ApiError("invalid_argument", `This run logged no ${opts.x === "epoch" ? "epochs" : "times"}; use x=step`, [{ path: "query.x", message: "no data for this axis" }]);
  }
  const offset = opts.x === "relative" ? mapping!.first() : 0;
  const toStep = (x: number) => (mapping ? Math.round(mapping.toStep(x + offset)) : x);
  const toX = (step: number) => (mapping ? mapping.toX(step) - offset : step);

  // The stored per-key stats give the extent and, for a full-range read, the exact point counts.
  const stats = run.metricStats as unknown as Record<string, MetricStats>;
  const extent = statsExtent(stats, keys);
  const series: Record<string, unknown> = {};
  if (extent) {
    const lo = Math.max(extent.lo, opts.from === undefined ? extent.lo : Math.ceil(toStep(opts.from)));
    const hi = Math.min(extent.hi, opts.to === undefined ? extent.hi : Math.floor(toStep(opts.to)));
    const full = lo === extent.lo && hi === extent.hi;
    const pointsInRange = full ? extent.pointsInRange : undefined;
    const read = hi >= lo ? await readStepSeries(db.sql, { runId: run.id, keys, lo, hi, maxPoints: opts.maxPoints, pointsInRange }) : new Map();
    for (const key of keys) {
      const s = read.get(key);
      if (!s) series[key] = { x: [], y: [], min: [], max: [], count: 0, downsampled: false };
      else if (s.downsampled) series[key] = { x: s.x.map(toX), y: s.y.map(toWire), min: s.min, max: s.max, count: s.count, downsampled: true };
      else {
        const y = s.values.map(toWire);
        series[key] = { x: s.steps.map(toX), y, min: y, max: y, count: s.count, downsampled: false };
      }
    }
  }
  return { runId: run.id, x: opts.x, series };
}

async function loadMapping(db: Database, runId: string, key: string): Promise<StepMapping> {
  const extent = await stepExtent(db.sql, runId, [key]);
  if (!extent) return new StepMapping([], []);
  const s = (await readStepSeries(db.sql, { runId, keys: [key], ...extent, maxPoints: MAPPING_POINTS })).get(key)!;
  return s.downsampled ? new StepMapping(s.x, s.y) : new StepMapping(s.steps, s.values);
}
