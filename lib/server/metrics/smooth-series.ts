import "server-only";
import type { Sql } from "@/lib/db/sql";
import { smooth } from "@/lib/charts/smoothing";
import { BucketAggregator } from "@/lib/metrics/bucket-aggregator";
import { BLOCK_FIELDS, BLOCK_SIZES } from "@/lib/metrics/chunk-codec";
import type { Piece } from "@/lib/metrics/read-plan";
import { smoothingReach } from "@/lib/metrics/smoothing-reach";
import type { EmaState } from "@/lib/charts/ema-state";
import { isStoredSmoothing, smoothedBlockSums, STORED_EMA_HISTORY, storedEma, storedEmaRun, storedEmaState } from "@/lib/metrics/stored-ema";
import { lowerBound, upperBound } from "@/lib/sorted-search";
import { concatArrays } from "@/lib/typed-arrays";
import { ApiError } from "@/lib/server/api/errors";
import { BackgroundQueue, PointBudget } from "@/lib/server/concurrency";
import { inRange, readChunkPoints, type FetchedSeries, type PlannedSeries, type ReadPlan } from "./read-series";
import { smoothingCache, type CachedSmoothing } from "./smoothing-cache";
import { storeSmoothing, type SmoothedChunk } from "./store-smoothing";

/** The requested x axis as seen from steps; `key` and `version` name the stored key it is mapped through (none for step). */
export interface AxisMap {
  name: string;
  key?: string;
  /** Version of the mapping key's data: x-based smoothings change with it. */
  version?: string;
  toX: (step: number) => number;
  /** Inverse of toX, unrounded. */
  toStep: (x: number) => number;
}

export interface SmoothOptions {
  /** Each run's x axis (x-based smoothings work in its units). */
  axis: (runId: string) => AxisMap;
  /** Don't wait for a smoothing that needs every point of a long series: compute it in the background and answer null meanwhile. */
  background: boolean;
  /** This request's share of Gaussian kernel work (see KernelBudget). */
  budget: KernelBudget;
}

/** Points of stored smoothing a request computes itself (chunks without stored sums); more go to the background when it may. */
const INLINE_STORED_POINTS = 200_000;

/** Builds nobody waits for (a first view's smoothing, sums for chunks written before they were stored). */
const background = new BackgroundQueue();
/** Full-resolution reads for smoothing share this many points in flight. */
const budget = new PointBudget(4_000_000);

/**
 * Step 4a, before fetching: the series whose smoothing this request will not wait for (see
 * SmoothOptions.background); their builds are queued, and fetchRead skips what they would need.
 */
export function deferSmoothing(sql: Sql, plan: ReadPlan, opts: SmoothOptions): Set<number> {
  const deferred = new Set<number>();
  if (!plan.smoothing || !opts.background) return deferred;
  const smoothing = plan.smoothing;
  plan.series.forEach((s, i) => {
    if (!s.plan.buckets) return;
    if (isStoredSmoothing(smoothing)) {
      const missing = s.plan.pieces.reduce((n, p) => n + (p.kind === "blocks" && !p.chunk.smoothed ? p.count * p.size : 0), 0);
      if (missing <= INLINE_STORED_POINTS) return;
      background.enqueue(`stored\u0000${s.runId}\u0000${s.key}`, () => storeMissingSmoothing(sql, s));
    } else {
      if (!s.plan.pieces.some((p) => p.kind === "blocks")) return;
      const key = cacheKey(s, plan, opts.axis(s.runId));
      if (smoothingCache().peek(key)) return;
      chargeWholeSeries(s, plan, opts);
      background.enqueue(key, () => cachedSmoothing(sql, s, plan, { ...opts, budget: new KernelBudget(Infinity) }));
    }
    deferred.add(i);
  });
  return deferred;
}

/** A series' smoothed values; `ema`: the stored smoothing's state at the series' last point, when the read holds that point raw (see emaAtEnd). */
export interface SmoothedSeries {
  values: Float64Array;
  ema?: EmaState;
}

/**
 * Step 4: the smoothed values of each series of the read, bucketed exactly as its raw values were
 * (same block levels per chunk, same points), or per point at full resolution. Smoothing always
 * runs over every stored point plus the history/look-ahead it needs outside the range. Deferred
 * series come back null.
 */
export async function smoothSeries(
  sql: Sql,
  plan: ReadPlan,
  fetched: Map<number, FetchedSeries>,
  deferred: Set<number>,
  opts: SmoothOptions,
): Promise<Map<number, SmoothedSeries | null>> {
  const out = new Map<number, SmoothedSeries | null>();
  const smoothing = plan.smoothing;
  if (!smoothing) return out;
  await Promise.all(
    [...fetched].map(async ([i, f]) => {
      const s = plan.series[i];
      if (deferred.has(i)) out.set(i, null);
      else if (!isStoredSmoothing(smoothing)) out.set(i, { values: await cachedSmoothed(sql, s, f, plan, opts) });
      else {
        out.set(i, storedSmoothed(s, f));
        // Sums missing from the store are computed for this answer, and for the store after it.
        if (s.chunks.some((c) => !c.smoothed)) background.enqueue(`stored\u0000${s.runId}\u0000${s.key}`, () => storeMissingSmoothing(sql, s));
      }
    }),
  );
  return out;
}

/** Resolves once every queued smoothing build has run (tests). */
export const smoothingIdle = () => background.idle();

/** Buckets, or points, of a series the way its raw values went, from its pieces' smoothed values or sums. */
function bucketed(
  s: PlannedSeries,
  f: FetchedSeries,
  blockSums: (p: Extract<Piece, { kind: "blocks" }>) => Float64Array | undefined,
  pointValues: (p: Piece) => Float64Array,
): Float64Array {
  const { lo, hi, buckets } = s.plan;
  if (!buckets) {
    return concatArrays(
      Float64Array,
      s.plan.pieces.map((p) => inRange({ steps: f.points.get(p)!.steps, values: pointValues(p) }, p, lo, hi).values),
    );
  }
  const agg = new BucketAggregator(lo, hi, buckets);
  let at = 0;
  for (const p of s.plan.pieces) {
    if (p.kind === "blocks") {
      const records = f.blocks.subarray(at, (at += p.count * BLOCK_FIELDS));
      const sums = blockSums(p);
      if (sums) agg.addBlocks(records, sums);
      continue;
    }
    const pts = inRange({ steps: f.points.get(p)!.steps, values: pointValues(p) }, p, lo, hi);
    agg.addPoints(pts.steps, pts.values);
  }
  return agg.means();
}

const levelOf = (size: number) => BLOCK_SIZES.indexOf(size as (typeof BLOCK_SIZES)[number]);

/** The stored smoothing: chunks' stored sums, and points smoothed from their raw values and history (chunks without sums too). */
function storedSmoothed(s: PlannedSeries, f: FetchedSeries): SmoothedSeries {
  let sumsAt = 0;
  // Each point run smoothed once: its values are bucketed, and the last one's state is emaAtEnd's.
  const runs = new Map<Piece, ReturnType<typeof storedEmaRun>>();
  const ema = (p: Piece) => {
    let run = runs.get(p);
    if (!run) {
      const pts = f.points.get(p)!;
      runs.set(p, (run = storedEmaRun(pts.history, pts.values)));
    }
    return run;
  };
  const values = bucketed(
    s,
    f,
    (p) => {
      if (p.chunk.smoothed) return f.sums.subarray(sumsAt, (sumsAt += p.count));
      return smoothedBlockSums(ema(p).smoothed)[levelOf(p.size)].subarray(0, p.count);
    },
    (p) => ema(p).smoothed,
  );
  return { values, ema: emaAtEnd(s, f, (p) => ema(p).state) };
}

/**
 * The stored smoothing's state after the series' last stored point, when the read reaches it (no
 * zoom short of it): from the last piece's raw values and history when it is a points piece (a
 * full-resolution read, or a downsampled one whose tail is read as points), else from the last
 * raw values fetchRead brought for it (`tail`; the state then differs from one over all history by
 * at most the WARMUP_EPSILON bound, as the stored sums do). A live chart continues the line from it
 * over the points a metrics.appended event carries, without a read.
 */
function emaAtEnd(s: PlannedSeries, f: FetchedSeries, stateAfter: (p: Piece) => EmaState): EmaState | undefined {
  const piece = s.plan.pieces.at(-1);
  const chunk = s.chunks.at(-1);
  if (!piece || piece.chunk !== chunk || s.plan.hi < chunk.stepHi) return undefined;
  if (piece.kind === "blocks")
    return f.tail?.length === Math.min(STORED_EMA_HISTORY, countPoints(s, 0, s.chunks.length - 1)) ? storedEmaState(EMPTY, f.tail) : undefined;
  const pts = f.points.get(piece);
  if (!pts || pts.run.end !== chunk.n || pts.values.length !== pts.run.end - pts.run.start) return undefined;
  return stateAfter(piece);
}

const EMPTY = new Float64Array(0);

/** Computes and stores the sums of every chunk of the series that lacks them (data written before they were kept). */
async function storeMissingSmoothing(sql: Sql, s: PlannedSeries): Promise<void> {
  const missing = s.chunks.flatMap((c, k) => (c.smoothed ? [] : [k]));
  const chunks: SmoothedChunk[] = [];
  // Consecutive chunks in one read, with the chunk before them for history.
  for (let i = 0; i < missing.length;) {
    let j = i;
    while (j + 1 < missing.length && missing[j + 1] === missing[j] + 1) j++;
    const first = Math.max(0, missing[i] - 1);
    const last = missing[j];
    const pts = await budget.run(countPoints(s, first, last), () => readChunkPoints(sql, s, first, last));
    const withHistory = first < missing[i] ? pts.lengths[0] : 0;
    const smoothed = storedEma(pts.values.subarray(0, withHistory), pts.values.subarray(withHistory));
    let at = 0;
    for (let k = missing[i]; k <= last; k++) {
      const n = pts.lengths[k - first];
      chunks.push({ stepLo: s.chunks[k].stepLo, levels: smoothedBlockSums(smoothed.subarray(at, at + n)) });
      at += n;
    }
    i = j + 1;
  }
  await storeSmoothing(sql, s, chunks);
}

const countPoints = (s: PlannedSeries, first: number, last: number) => s.chunks.slice(first, last + 1).reduce((n, c) => n + c.n, 0);

function cacheKey(s: PlannedSeries, plan: ReadPlan, axis: AxisMap): string {
  const usesX = smoothingReach(plan.smoothing!).unit === "x";
  return [s.runId, s.key, usesX ? axis.name : "points", JSON.stringify(plan.smoothing), s.version, usesX ? (axis.version ?? "") : ""].join("\u0000");
}

/** Any other smoothing: the whole series' sums from the cache (computed on a miss), points smoothed around them. */
async function cachedSmoothed(sql: Sql, s: PlannedSeries, f: FetchedSeries, plan: ReadPlan, opts: SmoothOptions): Promise<Float64Array> {
  const entry = s.plan.pieces.some((p) => p.kind === "blocks") ? await cachedSmoothing(sql, s, plan, opts) : null;
  const values = new Map<Piece, Float64Array>();
  for (const p of s.plan.pieces) {
    if (p.kind !== "points") continue;
    const steps = f.points.get(p)!.steps;
    if (steps.length) values.set(p, await smoothedAt(sql, s, plan, opts, steps));
  }
  return bucketed(
    s,
    f,
    (p) => entry?.sums.get(p.chunk.stepLo)?.[levelOf(p.size)].subarray(p.first, p.first + p.count),
    (p) => values.get(p) ?? new Float64Array(0),
  );
}

/** The series' whole-range smoothing as block sums per chunk, cached (a miss reads and smooths every point). */
function cachedSmoothing(sql: Sql, s: PlannedSeries, plan: ReadPlan, opts: SmoothOptions): Promise<CachedSmoothing> {
  return smoothingCache().getOrCompute(cacheKey(s, plan, opts.axis(s.runId)), async () => {
    chargeWholeSeries(s, plan, opts);
    const all = await budget.run(countPoints(s, 0, s.chunks.length - 1), () => readChunkPoints(sql, s, 0, s.chunks.length - 1));
    const smoothed = smoothOver(all.steps, all.values, plan, opts.axis(s.runId));
    const sums = new Map<number, Float64Array[]>();
    let at = 0;
    all.lengths.forEach((n, k) => {
      sums.set(s.chunks[k].stepLo, smoothedBlockSums(smoothed.subarray(at, at + n)));
      at += n;
    });
    return { sums };
  });
}

/** Smoothed values at the given steps (ascending, all stored), from just the chunks holding them and the reach around them. */
async function smoothedAt(sql: Sql, s: PlannedSeries, plan: ReadPlan, opts: SmoothOptions, steps: Float64Array): Promise<Float64Array> {
  const [a, b] = [steps[0], steps[steps.length - 1]];
  const reach = smoothingReach(plan.smoothing!);
  let [lo, hi] = [a, b];
  if (reach.unit === "x") {
    const { toX, toStep } = opts.axis(s.runId);
    // Widened by a hair and a step: the mapping is interpolated and may be flat at the bound.
    const pad = (d: number) => d * (1 + 1e-9);
    [lo, hi] = [Math.floor(toStep(toX(a) - pad(reach.before))) - 1, Math.ceil(toStep(toX(b) + pad(reach.after))) + 1];
  }
  const { chunks } = s;
  let first = chunks.findIndex((c) => c.stepHi >= lo);
  let last = chunks.findLastIndex((c) => c.stepLo <= hi);
  if (reach.unit === "points") {
    // Whole chunks more on either side until enough points precede a and follow b.
    const at = chunks.findIndex((c) => c.stepHi >= a);
    const to = chunks.findLastIndex((c) => c.stepLo <= b);
    [first, last] = [at, to];
    for (let missing = reach.before; missing > 0 && first > 0;) missing -= chunks[--first].n;
    for (let missing = reach.after; missing > 0 && last < chunks.length - 1;) missing -= chunks[++last].n;
  }
  if (first < 0 || last < first) return new Float64Array(steps.length).fill(NaN);
  const xOf = opts.axis(s.runId).toX;
  charge(opts, plan, countPoints(s, first, last), xOf(chunks[last].stepHi) - xOf(chunks[first].stepLo));
  const pts = await budget.run(countPoints(s, first, last), () => readChunkPoints(sql, s, first, last));
  const smoothed = smoothOver(pts.steps, pts.values, plan, opts.axis(s.runId));
  return smoothed.subarray(lowerBound(pts.steps, a), upperBound(pts.steps, b));
}

/** Smooths points given by step, on the request's x axis when the smoothing is in x units. */
function smoothOver(steps: Float64Array, values: Float64Array, plan: ReadPlan, axis: AxisMap): Float64Array {
  const smoothing = plan.smoothing!;
  const x = smoothingReach(smoothing).unit === "x" && axis.name !== "step" ? steps.map((st) => axis.toX(st)) : steps;
  return smooth({ x, y: values }, smoothing);
}

/** Charges a Gaussian over every point of the series to the request, before the work. */
function chargeWholeSeries(s: PlannedSeries, plan: ReadPlan, opts: SmoothOptions): void {
  if (!s.chunks.length) return;
  const xOf = opts.axis(s.runId).toX;
  charge(opts, plan, countPoints(s, 0, s.chunks.length - 1), xOf(s.chunks[s.chunks.length - 1].stepHi) - xOf(s.chunks[0].stepLo));
}

function charge(opts: SmoothOptions, plan: ReadPlan, points: number, span: number): void {
  if (plan.smoothing?.kind === "gaussian") opts.budget.spend(points, span, plan.smoothing.sigma);
}

/**
 * The Gaussian costs one multiply-add per point per point within ±3σ of it. A request may spend
 * this much in total (a second or two of this process, which serves every other request too);
 * past it, it is refused with a 400 naming query.smooth and the widest σ that would fit.
 */
export const MAX_GAUSSIAN_WORK = 5e8;

export class KernelBudget {
  private spent = 0;

  constructor(private readonly limit = MAX_GAUSSIAN_WORK) {}

  /** Charges smoothing n points spread over `span` x units (the kernel's width in points follows their density). */
  spend(n: number, span: number, sigma: number): void {
    const perKernel = span > 0 ? Math.min(n, (n * 2 * smoothingReach({ kind: "gaussian", sigma }).before) / span) : n;
    const work = n * perKernel;
    if (this.spent + work <= this.limit) {
      this.spent += work;
      return;
    }
    const widest = (sigma * Math.max(0, this.limit - this.spent)) / work;
    throw new ApiError(
      "invalid_argument",
      `A Gaussian this wide over ${n} points is too slow to compute here (limit: ${MAX_GAUSSIAN_WORK.toExponential(0)} kernel terms per request); use sigma ≤ ${widest.toPrecision(2)}, fewer runs or keys, or a running mean`,
      [{ path: "query.smooth", message: "sigma too wide for this read" }],
    );
  }
}
