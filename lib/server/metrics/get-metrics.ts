import "server-only";
import type { Database } from "@/lib/db/client";
import type { Smoothing } from "@/lib/charts/smoothing";
import { ApiError, notFound } from "@/lib/server/api/errors";
import { EPOCH_KEY, TIME_KEY } from "@/lib/schemas/metrics";
import type { NumericSeries, RunError } from "@/lib/metrics/series-binary";
import { env } from "@/lib/server/env";
import { findRun } from "@/lib/server/runs/find-run";
import type { MetricStats } from "@/lib/server/runs/run-view";
import { aggregateSeries, fetchRead, inSnapshot, planRead, readCost, type ReadPlan, type SeriesRequest, type StepSeries } from "./read-series";
import { deferSmoothing, KernelBudget, smoothSeries, type AxisMap } from "./smooth-series";
import { statsExtent } from "./stats-extent";
import { StepMapping } from "./step-mapping";

export type XAxis = "step" | "epoch" | "time" | "relative";

/** Resolution of the step → epoch/time table used to place points on a non-step x axis. */
const MAPPING_POINTS = 4096;

/** A read sending more values than this is computed one series at a time, as it is sent. */
const EAGER_READ_VALUES = 1_000_000;

export interface ReadOptions {
  keys?: string[];
  x: XAxis;
  maxPoints: number;
  from?: number;
  to?: number;
  /** Adds `smoothed` to each series, computed over the full-resolution points; absent or none: no smoothing. */
  smooth?: Smoothing;
  /** False: a smoothing that needs every point of a long series is computed in the background; its series say `smoothedPending` meanwhile. */
  smoothWait?: boolean;
}

type StoredRun = { id: string; metricStats: unknown };

/** A read's answer before serialisation: each run's error or keys, and the series, produced in run and key order. */
export interface MetricsRead {
  x: XAxis;
  runs: { id: string; error?: RunError["error"]; keys: string[] }[];
  series(): AsyncGenerator<{ run: string; key: string; series: NumericSeries }>;
}

/** GET /runs/{id}/metrics: one run's series; a run without the x axis asked for is a 400. */
export async function readRunMetrics(db: Database, runId: string, opts: ReadOptions): Promise<MetricsRead> {
  const read = await readMetrics(db, [await findRun(db, runId)], opts, { sharedGrid: false });
  const error = read.runs[0].error;
  if (error) throw new ApiError("invalid_argument", error.message, [{ path: "query.x", message: "no data for this axis" }]);
  return read;
}

/**
 * GET /series: many runs in one read (the compare view's charts). A run lacking the x axis gets an
 * `error` instead of series. On the step axis the runs share one bucket grid over their common
 * range, so a run spanning a tenth of the chart gets a tenth of the buckets (a point per pixel),
 * and runs logged alike get identical x.
 */
export async function readManyMetrics(db: Database, runIds: string[], opts: ReadOptions): Promise<MetricsRead> {
  // Plain SQL: Prisma compiles each query in WebAssembly first, which showed in a zoom's profile.
  const rows = await db.sql.query<StoredRun>(`SELECT id, metric_stats AS "metricStats" FROM runs WHERE id = ANY($1::text[])`, [runIds]);
  const missing = runIds.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw notFound(`Run(s) ${missing.join(", ")}`);
  return readMetrics(
    db,
    runIds.map((id) => rows.find((r) => r.id === id)!),
    opts,
    { sharedGrid: true },
  );
}

/** Plan → fetch → aggregate → smooth, for every run and key at once; the caller serialises `series()`. */
async function readMetrics(db: Database, runs: StoredRun[], opts: ReadOptions, { sharedGrid }: { sharedGrid: boolean }): Promise<MetricsRead> {
  const mappingKey = opts.x === "step" ? undefined : opts.x === "epoch" ? EPOCH_KEY : TIME_KEY;
  const axes = mappingKey ? await readAxes(db, runs, mappingKey, opts.x) : new Map<string, AxisMap>();
  const out: MetricsRead["runs"] = [];
  const perRun: { run: StoredRun; keys: string[]; lo: number; hi: number; stats: Record<string, MetricStats> }[] = [];
  for (const run of runs) {
    const stats = run.metricStats as Record<string, MetricStats>;
    const stored = Object.keys(stats).filter((k) => !k.startsWith("_"));
    const keys = opts.keys?.length ? opts.keys.filter((k) => stored.includes(k)) : stored;
    if (mappingKey && !axes.has(run.id)) {
      out.push({
        id: run.id,
        keys: [],
        error: { code: "invalid_argument", message: `This run logged no ${opts.x === "epoch" ? "epochs" : "times"}; use x=step` },
      });
      continue;
    }
    out.push({ id: run.id, keys });
    const extent = statsExtent(stats, keys);
    if (extent) perRun.push({ run, keys, stats, ...extent });
  }
  // The range in steps: the runs' own extent (or the runs' union, on a shared grid), cut to from/to.
  const union =
    sharedGrid && opts.x === "step" && perRun.length ? { lo: Math.min(...perRun.map((r) => r.lo)), hi: Math.max(...perRun.map((r) => r.hi)) } : null;
  const requests: SeriesRequest[] = [];
  for (const r of perRun) {
    const axis = axes.get(r.run.id);
    const { lo, hi } = readRange(union ?? r, opts, (x) => Math.round(axis ? axis.toStep(x) : x));
    if (hi < lo) continue;
    for (const key of r.keys) {
      const whole = lo <= r.stats[key].stepLo && hi >= r.stats[key].stepHi;
      requests.push({ runId: r.run.id, key, lo, hi, maxPoints: opts.maxPoints, points: whole ? r.stats[key].count : undefined });
    }
  }
  const smoothing = opts.smooth && opts.smooth.kind !== "none" ? opts.smooth : undefined;
  const smoothOpts = { axis: (runId: string) => axes.get(runId) ?? STEP_AXIS, background: opts.smoothWait === false, budget: new KernelBudget() };
  // A read sending up to EAGER_READ_VALUES is planned and fetched in one snapshot; a longer one is
  // fetched one series at a time as it is sent.
  const { plan, deferred, fetched } = await inSnapshot(db.sql, async (tx) => {
    const plan = await planRead(tx, requests, smoothing);
    checkReadCost(plan, opts);
    const deferred = deferSmoothing(db.sql, plan, smoothOpts);
    const fetched = readCost(plan) <= EAGER_READ_VALUES ? await fetchRead(tx, plan, { unsmoothed: deferred }) : null;
    return { plan, deferred, fetched };
  });

  /** Aggregate and smooth some of the plan's series (fetching them first unless fetched). */
  const execute = async (which: number[]) => {
    const all = fetched ?? (await fetchRead(db.sql, plan, { only: which, unsmoothed: deferred }));
    const some = new Map(which.flatMap((i) => (all.has(i) ? [[i, all.get(i)!] as const] : [])));
    const smoothed = await smoothSeries(db.sql, plan, some, deferred, smoothOpts);
    const done = new Map<number, NumericSeries>();
    for (const [i, f] of some) {
      const s = plan.series[i];
      const numeric = onAxis(aggregateSeries(s, f), axes.get(s.runId));
      const values = smoothed.get(i);
      done.set(
        i,
        !smoothing
          ? numeric
          : values === null
            ? { ...numeric, smoothedPending: true }
            : { ...numeric, smoothed: values?.values ?? new Float64Array(0), ...(values?.ema && { ema: values.ema }) },
      );
    }
    return done;
  };
  // A Gaussian's work limit (KernelBudget, charged as series are smoothed) refuses a read with a
  // 400 before its answer starts: such a read is computed whole first.
  const upfront = fetched && smoothing?.kind === "gaussian" ? await execute([...fetched.keys()]) : null;
  const index = new Map(plan.series.map((s, i) => [`${s.runId}\u0000${s.key}`, i]));
  return {
    x: opts.x,
    runs: out,
    // Computed run by run as it is sent, the event loop let go between runs: the requests that
    // arrive with a read (the compare page's scripts come with its preloaded series read) are
    // served meanwhile, not after all of its aggregating and smoothing.
    async *series() {
      for (const run of out) {
        const mine = run.keys.flatMap((key) => index.get(`${run.id}\u0000${key}`) ?? []);
        const done = upfront ?? (fetched ? await execute(mine) : null);
        for (const key of run.keys) {
          const i = index.get(`${run.id}\u0000${key}`);
          const series = i === undefined ? EMPTY : (done ?? (await execute([i]))).get(i)!;
          yield { run: run.id, key, series };
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

/** The steps a read covers: `extent` cut to its from/to, x values that `toStep` maps to steps. */
export function readRange(
  extent: { lo: number; hi: number },
  opts: Pick<ReadOptions, "from" | "to">,
  toStep: (x: number) => number,
): { lo: number; hi: number } {
  return {
    lo: Math.max(extent.lo, opts.from === undefined ? -Infinity : Math.ceil(toStep(opts.from))),
    hi: Math.min(extent.hi, opts.to === undefined ? Infinity : Math.floor(toStep(opts.to))),
  };
}

export const EMPTY: NumericSeries = { x: [], y: [], count: 0, downsampled: false };
const STEP_AXIS: AxisMap = { name: "step", toX: (s) => s, toStep: (x) => x };

/**
 * Values one read may send: every run × key × point (or bucket), at most ANNEAL_MAX_READ_VALUES.
 * A full-resolution read of millions of points streams, but one asking for more (maxPoints=0 over
 * a hundred long runs) is refused with a 413 naming the limit, before anything is read.
 */
function checkReadCost(plan: ReadPlan, opts: ReadOptions): void {
  const values = readCost(plan);
  const limit = env().ANNEAL_MAX_READ_VALUES;
  if (values <= limit) return;
  const n = (v: number) => v.toLocaleString("en-US");
  throw new ApiError(
    "payload_too_large",
    `This read would send ${n(values)} values; one read sends at most ${n(limit)} (runs × keys × points). Ask for fewer runs or keys, maxPoints above 0, a from/to range, or export a run as CSV (GET /api/v1/runs/{id}/metrics.csv).`,
    [{ path: opts.maxPoints === 0 ? "query.maxPoints" : "query.keys", message: `at most ${limit} values per read (ANNEAL_MAX_READ_VALUES)` }],
  );
}

/** A read's series on its x axis. */
function onAxis(s: StepSeries, axis: AxisMap | undefined): NumericSeries {
  const toX = (step: number) => (axis ? axis.toX(step) : step);
  if (s.downsampled) return { x: axis ? s.x.map(toX) : s.x, y: s.y, min: s.min, max: s.max, count: s.count, downsampled: true };
  return { x: axis ? s.steps.map(toX) : s.steps, y: s.values, count: s.count, downsampled: false };
}

/** Each run's step → x mapping (a MAPPING_POINTS read of its epoch or time key); runs without that key are left out. */
async function readAxes(db: Database, runs: StoredRun[], mappingKey: string, x: XAxis): Promise<Map<string, AxisMap>> {
  const requests = runs.flatMap((run): SeriesRequest[] => {
    const s = (run.metricStats as Record<string, MetricStats>)[mappingKey];
    return s ? [{ runId: run.id, key: mappingKey, lo: s.stepLo, hi: s.stepHi, maxPoints: MAPPING_POINTS, points: s.count }] : [];
  });
  const { plan, fetched } = await inSnapshot(db.sql, async (tx) => {
    const plan = await planRead(tx, requests);
    return { plan, fetched: await fetchRead(tx, plan) };
  });
  const out = new Map<string, AxisMap>();
  plan.series.forEach((s, i) => {
    const read = aggregateSeries(s, fetched.get(i)!);
    const mapping = read.downsampled ? new StepMapping(read.x, read.y) : new StepMapping(read.steps, read.values);
    if (mapping.empty) return;
    const offset = x === "relative" ? mapping.first() : 0;
    out.set(s.runId, { name: x, key: mappingKey, version: s.version, toX: (step) => mapping.toX(step) - offset, toStep: (v) => mapping.toStep(v + offset) });
  });
  return out;
}
