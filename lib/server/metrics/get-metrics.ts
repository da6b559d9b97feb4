import type { Database } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { EPOCH_KEY, TIME_KEY } from "@/lib/schemas/metrics";
import { toWire } from "@/lib/schemas/common";
import type { Smoothing } from "@/lib/charts/smoothing";
import { findRun } from "@/lib/server/runs/find-run";
import type { MetricStats } from "@/lib/server/runs/run-view";
import { readStepSeries, stepExtent, type StepSeries } from "./read-series";
import { smoothedSeries } from "./smoothed-series";
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
  /** Adds `smoothed` to each series, computed over the full-resolution points; absent or none: no smoothing. */
  smooth?: Smoothing;
  /** False: a smoothing not cached yet is computed in the background; its series say `smoothedPending` meanwhile. */
  smoothWait?: boolean;
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
  const mappingKey = opts.x === "step" ? undefined : opts.x === "epoch" ? EPOCH_KEY : TIME_KEY;
  const mapping = mappingKey ? await loadMapping(db, run.id, mappingKey) : null;
  if (mapping?.empty) {
    throw new ApiError("invalid_argument", `This run logged no ${opts.x === "epoch" ? "epochs" : "times"}; use x=step`, [{ path: "query.x", message: "no data for this axis" }]);
  }
  const offset = opts.x === "relative" ? mapping!.first() : 0;
  const stepAt = (x: number) => (mapping ? mapping.toStep(x + offset) : x);
  const toStep = (x: number) => Math.round(stepAt(x));
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
    const smoothing = opts.smooth?.kind === "none" ? undefined : opts.smooth;
    const pendingRead =
      hi >= lo ? readStepSeries(db.sql, { runId: run.id, keys, lo, hi, maxPoints: opts.maxPoints, pointsInRange, withLevels: !!smoothing }) : Promise.resolve(new Map<string, StepSeries>());
    const axis = { name: opts.x, key: mappingKey, toX, toStep: stepAt };
    const [read, smoothed] = await Promise.all([
      pendingRead,
      smoothing ? smoothedSeries(db.sql, pendingRead, { runId: run.id, keys, lo, hi, maxPoints: opts.maxPoints, smoothing, axis, background: opts.smoothWait === false }) : undefined,
    ]);
    for (const key of keys) {
      const wire = wireSeries(read.get(key), toX);
      const values = smoothed?.get(key);
      series[key] = !smoothed ? wire : values === null ? { ...wire, smoothedPending: true } : { ...wire, smoothed: Array.from(values ?? [], toWire) };
    }
  }
  return { runId: run.id, x: opts.x, series };
}

function wireSeries(s: StepSeries | undefined, toX: (step: number) => number) {
  if (!s) return { x: [], y: [], min: [], max: [], count: 0, downsampled: false };
  if (s.downsampled) return { x: s.x.map(toX), y: s.y.map(toWire), min: s.min, max: s.max, count: s.count, downsampled: true };
  const y = s.values.map(toWire);
  return { x: s.steps.map(toX), y, min: y, max: y, count: s.count, downsampled: false };
}

async function loadMapping(db: Database, runId: string, key: string): Promise<StepMapping> {
  const extent = await stepExtent(db.sql, runId, [key]);
  if (!extent) return new StepMapping([], []);
  const s = (await readStepSeries(db.sql, { runId, keys: [key], ...extent, maxPoints: MAPPING_POINTS })).get(key)!;
  return s.downsampled ? new StepMapping(s.x, s.y) : new StepMapping(s.steps, s.values);
}
