import type { Database } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { EPOCH_KEY, TIME_KEY } from "@/lib/schemas/metrics";
import { toWire } from "@/lib/schemas/common";
import type { Smoothing } from "@/lib/charts/smoothing";
import { isRunError, type NumericSeries, type RunEntry, type SeriesBatch } from "@/lib/metrics/series-binary";
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
  return { runId: opts.runId, x: opts.x, series: wireSeriesOf(await seriesOfRun(db, await findRun(db, opts.runId), opts)) };
}

/**
 * The same for many runs in one call (the compare view's charts): one query for the runs, no
 * per-run HTTP round trip. A run lacking the requested x axis gets an `error` instead of series.
 * As numbers: the JSON answer is `getManyMetrics`, the binary one encodes this as it is.
 */
export async function readManySeries(db: Database, opts: Omit<GetMetricsOptions, "runId"> & { runIds: string[] }): Promise<SeriesBatch<NumericSeries>> {
  const runs = await db.prisma.run.findMany({ where: { id: { in: opts.runIds } }, select: { id: true, metricStats: true } });
  const missing = opts.runIds.filter((id) => !runs.some((r) => r.id === id));
  if (missing.length) throw notFound(`Run(s) ${missing.join(", ")}`);
  const out: Record<string, RunEntry<NumericSeries>> = {};
  await Promise.all(
    runs.map(async (run) => {
      try {
        out[run.id] = await seriesOfRun(db, run, { ...opts, runId: run.id });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        out[run.id] = { error: { code: err.code, message: err.message } };
      }
    }),
  );
  return { x: opts.x, runs: out };
}

export async function getManyMetrics(db: Database, opts: Omit<GetMetricsOptions, "runId"> & { runIds: string[] }) {
  const batch = await readManySeries(db, opts);
  return { x: batch.x, runs: Object.fromEntries(Object.entries(batch.runs).map(([id, entry]) => [id, isRunError(entry) ? entry : wireSeriesOf(entry)])) };
}

async function seriesOfRun(db: Database, run: StoredRun, opts: GetMetricsOptions): Promise<Record<string, NumericSeries>> {
  const stored = Object.keys(run.metricStats as object).filter((k) => !k.startsWith("_"));
  const keys = opts.keys?.length ? opts.keys.filter((k) => stored.includes(k)) : stored;
  const mappingKey = opts.x === "step" ? undefined : opts.x === "epoch" ? EPOCH_KEY : TIME_KEY;
  const mapping = mappingKey ? await loadMapping(db, run.id, mappingKey) : null;
  if (mapping?.empty) {
    throw new ApiError("invalid_argument", `This run logged no ${opts.x === "epoch" ? "epochs" : "times"}; use x=step`, [
      { path: "query.x", message: "no data for this axis" },
    ]);
  }
  const offset = opts.x === "relative" ? mapping!.first() : 0;
  const stepAt = (x: number) => (mapping ? mapping.toStep(x + offset) : x);
  const toStep = (x: number) => Math.round(stepAt(x));
  const toX = (step: number) => (mapping ? mapping.toX(step) - offset : step);

  // The stored per-key stats give the extent and, for a full-range read, the exact point counts.
  const stats = run.metricStats as unknown as Record<string, MetricStats>;
  const extent = statsExtent(stats, keys);
  const series: Record<string, NumericSeries> = {};
  if (extent) {
    const lo = Math.max(extent.lo, opts.from === undefined ? extent.lo : Math.ceil(toStep(opts.from)));
    const hi = Math.min(extent.hi, opts.to === undefined ? extent.hi : Math.floor(toStep(opts.to)));
    const full = lo === extent.lo && hi === extent.hi;
    const pointsInRange = full ? extent.pointsInRange : undefined;
    const smoothing = opts.smooth?.kind === "none" ? undefined : opts.smooth;
    const pendingRead =
      hi >= lo
        ? readStepSeries(db.sql, { runId: run.id, keys, lo, hi, maxPoints: opts.maxPoints, pointsInRange, withLevels: !!smoothing })
        : Promise.resolve(new Map<string, StepSeries>());
    const axis = { name: opts.x, key: mappingKey, toX, toStep: stepAt };
    const [read, smoothed] = await Promise.all([
      pendingRead,
      smoothing
        ? smoothedSeries(db.sql, pendingRead, {
            runId: run.id,
            keys,
            lo,
            hi,
            maxPoints: opts.maxPoints,
            smoothing,
            axis,
            background: opts.smoothWait === false,
          })
        : undefined,
    ]);
    for (const key of keys) {
      const values = smoothed?.get(key);
      const points = numericSeries(read.get(key), toX);
      series[key] = !smoothed ? points : values === null ? { ...points, smoothedPending: true } : { ...points, smoothed: values ?? [] };
    }
  }
  return series;
}

/** A read's series on the x axis; a bucket's min/max without finite values is NaN. */
function numericSeries(s: StepSeries | undefined, toX: (step: number) => number): NumericSeries {
  if (!s) return { x: [], y: [], count: 0, downsampled: false };
  const orNaN = (v: number | null) => v ?? NaN;
  if (s.downsampled) return { x: s.x.map(toX), y: s.y, min: s.min.map(orNaN), max: s.max.map(orNaN), count: s.count, downsampled: true };
  return { x: s.steps.map(toX), y: s.values, count: s.count, downsampled: false };
}

/**
 * The JSON form: non-finite values as wire strings, min/max equal to y at full resolution and
 * null for a bucket without finite values.
 */
function wireSeriesOf(series: Record<string, NumericSeries>) {
  const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);
  return Object.fromEntries(
    Object.entries(series).map(([key, s]) => {
      const y = Array.from(s.y, toWire);
      const wire = {
        x: Array.isArray(s.x) ? s.x : Array.from(s.x),
        y,
        min: s.min ? Array.from(s.min, finiteOrNull) : y,
        max: s.max ? Array.from(s.max, finiteOrNull) : y,
        count: s.count,
        downsampled: s.downsampled,
      };
      if (s.smoothedPending) return [key, { ...wire, smoothedPending: true }];
      return [key, s.smoothed ? { ...wire, smoothed: Array.from(s.smoothed, toWire) } : wire];
    }),
  );
}

async function loadMapping(db: Database, runId: string, key: string): Promise<StepMapping> {
  const extent = await stepExtent(db.sql, runId, [key]);
  if (!extent) return new StepMapping([], []);
  const s = (await readStepSeries(db.sql, { runId, keys: [key], ...extent, maxPoints: MAPPING_POINTS })).get(key)!;
  return s.downsampled ? new StepMapping(s.x, s.y) : new StepMapping(s.steps, s.values);
}
