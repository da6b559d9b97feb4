import type { Sql } from "@/lib/db/sql";
import { smooth, type Smoothing } from "@/lib/charts/smoothing";
import { lowerBound, upperBound } from "@/lib/charts/series";
import { BucketAggregator } from "@/lib/metrics/bucket-aggregator";
import { ApiError } from "@/lib/server/api/errors";
import { chunkedBlocks, chunkLevel, type ChunkedBlocks } from "@/lib/metrics/smoothed-blocks";
import { smoothingReach } from "@/lib/metrics/smoothing-reach";
import { chunkIndex, readFullSeries, type ChunkMeta } from "./full-series";
import type { DecodedChunk, DownsampledSeries, StepSeries } from "./read-series";
import { cachedBytes, smoothingCache } from "./smoothing-cache";

/** The requested x axis as seen from steps; `key` names the stored key it is mapped through (none for step). */
export interface AxisMap {
  name: string;
  key?: string;
  toX(step: number): number;
  /** Inverse of toX, unrounded. */
  toStep(x: number): number;
}

export interface SmoothedReadOptions {
  runId: string;
  keys: string[];
  lo: number;
  hi: number;
  maxPoints: number;
  smoothing: Exclude<Smoothing, { kind: "none" }>;
  axis: AxisMap;
  /**
   * Don't wait for a full-range smoothing that is not cached yet: start it and answer null for that
   * key (a chart draws meanwhile and asks again), so a first view isn't held up by reading every point.
   */
  background?: boolean;
}

interface Points {
  steps: Float64Array;
  values: Float64Array;
}

/**
 * For each series of a read (readStepSeries over [lo, hi]), the smoothed values aligned with its
 * points: per point for a full-resolution read; for a downsampled one, the full-resolution smoothed
 * series bucketed exactly as the raw one was (same block levels per chunk, same raw edge chunks).
 * Smoothing always runs over every stored point, plus the history/look-ahead it needs outside the range.
 * Takes the read in flight: the chunk index is fetched meanwhile.
 */
export async function smoothedSeries(
  sql: Sql,
  pendingRead: Promise<Map<string, StepSeries>>,
  opts: SmoothedReadOptions,
): Promise<Map<string, Float64Array | null>> {
  const usesX = smoothingReach(opts.smoothing).unit === "x";
  const indexKeys = usesX && opts.axis.key ? [...opts.keys, opts.axis.key] : opts.keys;
  const [index, read] = await Promise.all([chunkIndex(sql, opts.runId, indexKeys), pendingRead]);
  // x-based smoothings also depend on the axis mapping's data.
  const axisVersion = usesX && opts.axis.key ? `|${index.get(opts.axis.key)?.version ?? ""}` : "";
  const out = new Map<string, Float64Array | null>();
  await Promise.all(
    [...read].map(async ([key, s]) => {
      const chunks = index.get(key) ?? { chunks: [], version: "" };
      const smoother = new KeySmoother(new ChunkPoints(sql, opts.runId, key, chunks.chunks, s.rawChunks), opts, usesX);
      out.set(key, s.downsampled ? await smoother.bucketed(key, s, chunks.version + axisVersion) : (await smoother.range(opts.lo, opts.hi)).values);
    }),
  );
  return out;
}

/**
 * Builds nobody waits for run one at a time: this process answers every request, and sixty
 * million-point builds started at once would hold up a zoom until the last one is done.
 */
const queued = new Set<string>();
let backgroundQueue: Promise<void> = Promise.resolve();

function inBackground(cacheKey: string, build: () => Promise<unknown>): void {
  if (queued.has(cacheKey)) return;
  queued.add(cacheKey);
  // Errors surface on a request that waits for the entry, not here.
  backgroundQueue = backgroundQueue.then(() =>
    build().then(
      () => void queued.delete(cacheKey),
      () => void queued.delete(cacheKey),
    ),
  );
}

/** Cache entries being computed, by cache key. */
const building = new Map<string, { version: string; built: Promise<{ blocks: ChunkedBlocks; points: Points }> }>();

/** Smoothing of one key of a run. */
class KeySmoother {
  constructor(
    private readonly points: ChunkPoints,
    private readonly opts: SmoothedReadOptions,
    private readonly usesX: boolean,
  ) {}

  /** The smoothed series put through the same buckets as the raw read `s` (null: computing in the background). */
  async bucketed(key: string, s: DownsampledSeries, version: string): Promise<Float64Array | null> {
    const { lo, hi, maxPoints } = this.opts;
    const agg = new BucketAggregator(lo, hi, maxPoints);
    const inRange = this.points.chunks.filter((c) => c.stepHi >= lo && c.stepLo <= hi);
    if (s.blockLevels.size && this.opts.background && smoothingCache().get(this.cacheKey(key))?.version !== version) {
      inBackground(this.cacheKey(key), () => this.fullRangeBlocks(key, version));
      return null;
    }
    // Block-level chunks come from the cached full-range blocks; a miss computes the whole series,
    // whose points then also serve the chunks read point by point.
    const cached = s.blockLevels.size ? await this.fullRangeBlocks(key, version) : null;
    const blocksOf = (c: ChunkMeta) =>
      cached && s.blockLevels.has(c.stepLo) ? chunkLevel(cached.blocks, c.stepLo, c.n, s.blockLevels.get(c.stepLo)!) : undefined;
    const asBlocks = (c: ChunkMeta) => blocksOf(c) !== undefined;
    for (const c of inRange) {
      const blocks = blocksOf(c);
      if (blocks) agg.addBlocks(blocks);
    }
    for (const [a, b] of pointRanges(inRange, asBlocks, lo, hi)) {
      const pts = cached?.points ? slice(cached.points, a, b) : await this.range(a, b);
      for (let i = 0; i < pts.steps.length; i++) agg.addPoint(pts.steps[i], pts.values[i]);
    }
    return Float64Array.from(agg.result().y);
  }

  /** Smoothed values at the points in [a, b], from just the chunks holding them and the reach around them. */
  async range(a: number, b: number): Promise<Points> {
    const { chunks } = this.points;
    const reach = smoothingReach(this.opts.smoothing);
    let [lo, hi] = [a, b];
    if (reach.unit === "x") {
      const { toX, toStep } = this.opts.axis;
      // Widened by a hair and a step: the mapping is interpolated and may be flat at the bound.
      const pad = (d: number) => d * (1 + 1e-9);
      [lo, hi] = [Math.floor(toStep(toX(a) - pad(reach.before))) - 1, Math.ceil(toStep(toX(b) + pad(reach.after))) + 1];
    }
    let first = chunks.findIndex((c) => c.stepHi >= lo);
    let last = chunks.findLastIndex((c) => c.stepLo <= hi);
    if (first < 0 || last < first) return { steps: new Float64Array(0), values: new Float64Array(0) };
    let pts = await this.points.read(first, last);
    if (reach.unit === "points") {
      // Whole chunks more on either side until enough points precede a and follow b.
      const [f, l] = [first, last];
      for (let missing = reach.before - lowerBound(pts.steps, a); missing > 0 && first > 0;) missing -= chunks[--first].n;
      for (let missing = reach.after - (pts.steps.length - upperBound(pts.steps, b)); missing > 0 && last < chunks.length - 1;) missing -= chunks[++last].n;
      if (first !== f || last !== l) pts = await this.points.read(first, last);
    }
    return slice({ steps: pts.steps, values: this.smooth(pts.steps, pts.values) }, a, b);
  }

  private cacheKey(key: string): string {
    return [this.opts.runId, key, this.usesX ? this.opts.axis.name : "points", JSON.stringify(this.opts.smoothing)].join("\u0000");
  }

  private async fullRangeBlocks(key: string, version: string): Promise<{ blocks: ChunkedBlocks; points?: Points }> {
    const cacheKey = this.cacheKey(key);
    const hit = smoothingCache().get(cacheKey);
    if (hit?.version === version) return { blocks: hit.blocks };
    // A request arriving while another builds the same entry (a zoom during the first paint) waits for it.
    const pending = building.get(cacheKey);
    if (pending?.version === version) return { blocks: (await pending.built).blocks };
    const built = (async () => {
      const all = await this.points.read(0, this.points.chunks.length - 1);
      const points = { steps: all.steps, values: this.smooth(all.steps, all.values) };
      return { blocks: chunkedBlocks(points.steps, points.values, all.chunkLengths), points };
    })();
    building.set(cacheKey, { version, built });
    try {
      const { blocks, points } = await built;
      const entry = { version, blocks };
      smoothingCache().set(cacheKey, entry, cachedBytes(entry));
      return { blocks, points };
    } finally {
      if (building.get(cacheKey)?.built === built) building.delete(cacheKey);
    }
  }

  private smooth(steps: Float64Array, values: Float64Array): Float64Array {
    const { axis, smoothing } = this.opts;
    const x = this.usesX && axis.name !== "step" ? steps.map((s) => axis.toX(s)) : steps;
    if (smoothing.kind === "gaussian") checkKernelWork(x, smoothing.sigma);
    return smooth({ x, y: values }, smoothing);
  }
}

/**
 * A key's points by chunk: the chunks the series read already decoded, the others fetched when
 * first needed (each consecutive missing stretch in one query) and kept for the rest of the request.
 */
class ChunkPoints {
  private readonly decoded: Map<number, DecodedChunk>;

  constructor(
    private readonly sql: Sql,
    private readonly runId: string,
    private readonly key: string,
    readonly chunks: ChunkMeta[],
    known: Map<number, DecodedChunk>,
  ) {
    this.decoded = new Map(known);
  }

  /** The points of chunks first…last (indices), concatenated. */
  async read(first: number, last: number): Promise<Points & { chunkLengths: number[] }> {
    const missing = (i: number) => !this.decoded.has(this.chunks[i].stepLo);
    for (let i = first; i <= last; i++) {
      if (!missing(i)) continue;
      let j = i;
      while (j < last && missing(j + 1)) j++;
      const points = this.chunks.slice(i, j + 1).reduce((sum, c) => sum + c.n, 0);
      const got = await limited(points, () => readFullSeries(this.sql, this.runId, this.key, this.chunks[i].stepLo, this.chunks[j].stepHi));
      let at = 0;
      for (const n of got.chunkLengths) {
        this.decoded.set(got.steps[at], { steps: got.steps.subarray(at, at + n), values: got.values.subarray(at, at + n) });
        at += n;
      }
      i = j;
    }
    // A chunk rewritten since the index was read is left out: that answer is already stale.
    const parts = this.chunks.slice(first, last + 1).flatMap((c) => this.decoded.get(c.stepLo) ?? []);
    return { steps: join(parts.map((p) => p.steps)), values: join(parts.map((p) => p.values)), chunkLengths: parts.map((p) => p.steps.length) };
  }
}

/**
 * The Gaussian costs one multiply-add per point per point within ±3σ of it; past this budget (a
 * second or two of this process, which serves every other request too) the request is refused.
 */
const MAX_GAUSSIAN_WORK = 5e8;

function checkKernelWork(x: Float64Array, sigma: number): void {
  const n = x.length;
  const span = n > 1 ? x[n - 1] - x[0] : 0;
  const perKernel = span > 0 ? Math.min(n, (n * 2 * smoothingReach({ kind: "gaussian", sigma }).before) / span) : n;
  if (n * perKernel <= MAX_GAUSSIAN_WORK) return;
  const widest = (sigma * MAX_GAUSSIAN_WORK) / (n * perKernel);
  throw new ApiError(
    "invalid_argument",
    `A Gaussian this wide over ${n} points is too slow to compute here; use sigma ≤ ${widest.toPrecision(2)} or a running mean`,
    [{ path: "query.smooth", message: "sigma too wide for this series" }],
  );
}

/** Step ranges within [lo, hi] of the maximal runs of consecutive chunks not taken as blocks. */
function pointRanges(chunks: ChunkMeta[], asBlocks: (c: ChunkMeta) => boolean, lo: number, hi: number): [number, number][] {
  const out: [number, number][] = [];
  let start: ChunkMeta | null = null;
  chunks.forEach((c, i) => {
    if (asBlocks(c)) return;
    start ??= c;
    if (i === chunks.length - 1 || asBlocks(chunks[i + 1])) {
      out.push([Math.max(lo, start.stepLo), Math.min(hi, c.stepHi)]);
      start = null;
    }
  });
  return out;
}

/** The arrays end to end: a view when they already lie side by side in one buffer (chunks fetched together), else a copy. */
function join(arrays: Float64Array[]): Float64Array {
  if (!arrays.length) return new Float64Array(0);
  const total = arrays.reduce((sum, a) => sum + a.length, 0);
  const adjacent = arrays.every((a, i) => i === 0 || (a.buffer === arrays[0].buffer && a.byteOffset === arrays[i - 1].byteOffset + arrays[i - 1].byteLength));
  if (adjacent) return new Float64Array(arrays[0].buffer, arrays[0].byteOffset, total);
  const out = new Float64Array(total);
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

function slice(p: Points, a: number, b: number): Points {
  const i = lowerBound(p.steps, a);
  const j = upperBound(p.steps, b);
  return { steps: p.steps.subarray(i, j), values: p.values.subarray(i, j) };
}

/**
 * Full-resolution reads share a budget of points in flight: a page of 20 runs would otherwise hold
 * every key's megabytes of decoded points at once, with no gain (the database and this process are
 * the bottleneck), while the small reads around a zoom's edges all go at once.
 */
const MAX_POINTS_IN_FLIGHT = 4_000_000;
let inFlight = 0;
let waiting: (() => void)[] = [];

async function limited<T>(points: number, fn: () => Promise<T>): Promise<T> {
  // One read alone always goes, however big.
  while (inFlight > 0 && inFlight + points > MAX_POINTS_IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  inFlight += points;
  try {
    return await fn();
  } finally {
    inFlight -= points;
    const wake = waiting;
    waiting = [];
    for (const resolve of wake) resolve();
  }
}
