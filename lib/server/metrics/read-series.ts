import type { Sql } from "@/lib/db/sql";
import type { Smoothing } from "@/lib/charts/smoothing";
import { BucketAggregator, type BucketedSeries } from "@/lib/metrics/bucket-aggregator";
import { BLOCK_FIELDS, decodeSteps } from "@/lib/metrics/chunk-codec";
import { planSeries, type IndexedChunk, type Piece, type SeriesPlan } from "@/lib/metrics/read-plan";
import { isStoredSmoothing, STORED_EMA_HISTORY, sumsLocation } from "@/lib/metrics/stored-ema";
import { concatArrays } from "@/lib/typed-arrays";
import { readChunkIndex, type SeriesRange } from "./chunk-index";
import { asFloats, blockColumn, fetchSlices, type Slice } from "./fetch-slices";

/**
 * The metric read path, in the order it runs (lib/server/metrics/get-metrics.ts strings it together):
 *   planRead   the chunk index of every series, and per series which blocks and points to take;
 *   fetchRead  every slice the plans name, in one query;
 *   aggregate  bucket the blocks and points (or keep the points, at full resolution);
 *   smooth     smooth-series.ts, from the stored smoothing or the cache beside it;
 *   serialise  series-json.ts / lib/metrics/series-binary.ts.
 */

export type ActiveSmoothing = Exclude<Smoothing, { kind: "none" }>;

/** One series to read: a key of a run over [lo, hi] in maxPoints buckets (0: every point); `points`, when known, the exact count in range. */
export interface SeriesRequest extends SeriesRange {
  maxPoints: number;
  points?: number;
}

export interface PlannedSeries extends SeriesRequest {
  /** The key's chunks: those overlapping [lo, hi], or all of them when the read smooths (smoothing looks past the range). */
  chunks: IndexedChunk[];
  /** Changes whenever any of `chunks` is rewritten. */
  version: string;
  plan: SeriesPlan;
}

export interface ReadPlan {
  series: PlannedSeries[];
  smoothing?: ActiveSmoothing;
}

/** Step 1: the chunk index of every series (one query), and each series' plan. */
export async function planRead(sql: Sql, requests: SeriesRequest[], smoothing?: ActiveSmoothing): Promise<ReadPlan> {
  const ranges = smoothing ? requests.map((r) => ({ ...r, lo: -Infinity, hi: Infinity })) : requests;
  const index = await readChunkIndex(sql, ranges, { smoothed: !!smoothing && isStoredSmoothing(smoothing) });
  return { smoothing, series: requests.map((r, i) => ({ ...r, ...index[i], plan: planSeries(index[i].chunks, r) })) };
}

/** Values the read sends: one per bucket of a downsampled series, one per point otherwise. */
export function readCost(plan: ReadPlan): number {
  return plan.series.reduce((sum, s) => sum + (s.plan.buckets ? Math.min(s.plan.buckets, s.plan.points) : s.plan.points), 0);
}

/**
 * Points of one chunk the read needs as values: a points piece, or, for the stored smoothing, a
 * blocks piece whose chunk has no stored sums yet (its smoothed blocks are computed from them).
 * `history` raw values before `start` come with them when the stored smoothing needs them.
 */
export interface PointRun {
  piece: Piece;
  chunk: IndexedChunk;
  start: number;
  end: number;
}

/** What fetchRead brings back for one series. */
export interface FetchedSeries {
  /** The block records of the plan's blocks pieces, in order. */
  blocks: Float64Array;
  /** The stored smoothing's sums of the blocks pieces whose chunk has them, in order. */
  sums: Float64Array;
  /** Each point run's steps and values, and the raw values just before them (stored smoothing only). */
  points: Map<Piece, { run: PointRun; steps: Float64Array; values: Float64Array; history: Float64Array }>;
}

/**
 * Step 2: every slice of the plans, in one query: of every series, or `only` some; without what the
 * stored smoothing would need for the `unsmoothed` ones (their smoothing is being computed elsewhere).
 */
export async function fetchRead(
  sql: Sql,
  plan: ReadPlan,
  opts: { only?: readonly number[]; unsmoothed?: ReadonlySet<number> } = {},
): Promise<Map<number, FetchedSeries>> {
  const smoothing = !!plan.smoothing && isStoredSmoothing(plan.smoothing);
  const slices: Slice[] = [];
  let groups = 0;
  const wants: { series: number; blocks: number; sums: number; runs: { run: PointRun; values: number; steps: number | null; history: number }[] }[] = [];
  for (const i of opts.only ?? plan.series.keys()) {
    const s = plan.series[i];
    const stored = smoothing && !opts.unsmoothed?.has(i);
    const want = { series: i, blocks: groups++, sums: groups++, runs: [] as (typeof wants)[number]["runs"] };
    wants.push(want);
    const position = new Map(s.chunks.map((c, k) => [c, k]));
    for (const piece of s.plan.pieces) {
      const { chunk } = piece;
      const hasSums = stored && chunk.smoothed;
      if (piece.kind === "blocks") {
        slices.push({
          series: i,
          stepLo: chunk.stepLo,
          column: blockColumn(piece.size),
          offset: piece.first * BLOCK_FIELDS * 8,
          length: piece.count * BLOCK_FIELDS * 8,
          group: want.blocks,
        });
        if (hasSums) {
          const at = sumsLocation(chunk.n, piece.size);
          slices.push({ series: i, stepLo: chunk.stepLo, column: at.column, offset: at.offset + piece.first * 8, length: piece.count * 8, group: want.sums });
          continue;
        }
        if (!stored) continue;
      }
      const run: PointRun =
        piece.kind === "points"
          ? { piece, chunk, start: piece.first, end: piece.first + piece.count }
          : { piece, chunk, start: piece.first * piece.size, end: Math.min(chunk.n, (piece.first + piece.count) * piece.size) };
      const history = stored ? STORED_EMA_HISTORY : 0;
      const values = groups++;
      // The history first: the tails of the chunks before this one, then this chunk's points before start.
      let needed = Math.max(0, history - run.start);
      const tails: Slice[] = [];
      for (let k = position.get(chunk)! - 1; k >= 0 && needed > 0; k--) {
        const c = s.chunks[k];
        const take = Math.min(c.n, needed);
        tails.unshift({ series: i, stepLo: c.stepLo, column: "vals", offset: (c.n - take) * 8, length: take * 8, group: values });
        needed -= take;
      }
      const from = Math.max(0, run.start - history);
      slices.push(...tails, { series: i, stepLo: chunk.stepLo, column: "vals", offset: from * 8, length: (run.end - from) * 8, group: values });
      const steps = chunk.steps ? null : groups++;
      if (steps !== null) slices.push({ series: i, stepLo: chunk.stepLo, column: "steps", offset: 0, length: 2 ** 30, group: steps });
      want.runs.push({ run, values, steps, history: history - needed });
    }
  }
  const bytes = await fetchSlices(sql, plan.series, slices);
  const floats = (g: number) => asFloats(bytes.get(g) ?? new Uint8Array(0));
  const out = new Map<number, FetchedSeries>();
  for (const want of wants) {
    const points: FetchedSeries["points"] = new Map();
    for (const { run, values, steps, history } of want.runs) {
      const all = floats(values);
      const chunkSteps = run.chunk.steps ?? decodeSteps(bytes.get(steps!)!, run.chunk.n);
      // A chunk rewritten since the index was read may have fewer points: that answer is already stale.
      const count = Math.min(run.end - run.start, Math.max(0, all.length - history));
      points.set(run.piece, {
        run,
        steps: chunkSteps.subarray(run.start, run.start + count),
        values: all.subarray(all.length - count),
        history: all.subarray(0, all.length - count),
      });
    }
    out.set(want.series, { blocks: floats(want.blocks), sums: floats(want.sums), points });
  }
  return out;
}

export type DownsampledSeries = BucketedSeries & { downsampled: true };
export type FullResolutionSeries = { steps: Float64Array; values: Float64Array; count: number; downsampled: false };
export type StepSeries = DownsampledSeries | FullResolutionSeries;

/** Step 3: a series' buckets (min/max per bucket, see BucketAggregator), or its points at full resolution. */
export function aggregateSeries(s: PlannedSeries, f: FetchedSeries): StepSeries {
  const { lo, hi, buckets } = s.plan;
  if (!buckets) {
    const parts = s.plan.pieces.map((p) => inRange(f.points.get(p)!, p, lo, hi));
    const steps = concatArrays(
      Float64Array,
      parts.map((p) => p.steps),
    );
    return {
      steps,
      values: concatArrays(
        Float64Array,
        parts.map((p) => p.values),
      ),
      count: steps.length,
      downsampled: false,
    };
  }
  const agg = new BucketAggregator(lo, hi, buckets);
  let at = 0;
  for (const p of s.plan.pieces) {
    if (p.kind === "blocks") {
      const n = p.count * BLOCK_FIELDS;
      agg.addBlocks(f.blocks.subarray(at, at + n));
      at += n;
      continue;
    }
    const pts = inRange(f.points.get(p)!, p, lo, hi);
    for (let i = 0; i < pts.steps.length; i++) agg.addPoint(pts.steps[i], pts.values[i]);
  }
  return { ...agg.result(), downsampled: true };
}

/** A points piece's points, without those outside [lo, hi] when its chunk's steps were unknown while planning. */
export function inRange(p: { steps: Float64Array; values: Float64Array }, piece: Piece, lo: number, hi: number): { steps: Float64Array; values: Float64Array } {
  if (piece.kind !== "points" || !piece.filter) return p;
  let a = 0;
  while (a < p.steps.length && p.steps[a] < lo) a++;
  let b = p.steps.length;
  while (b > a && p.steps[b - 1] > hi) b--;
  return { steps: p.steps.subarray(a, b), values: p.values.subarray(a, b) };
}

/** Every point of the series' chunks first…last (indices into its chunk list), whole chunks, in one query. */
export async function readChunkPoints(
  sql: Sql,
  s: PlannedSeries,
  first: number,
  last: number,
): Promise<{ steps: Float64Array; values: Float64Array; lengths: number[] }> {
  const chunks = s.chunks.slice(first, last + 1);
  const slices: Slice[] = chunks.flatMap((c, k) => [
    { series: 0, stepLo: c.stepLo, column: "vals" as const, offset: 0, length: c.n * 8, group: 2 * k },
    ...(c.steps ? [] : [{ series: 0, stepLo: c.stepLo, column: "steps" as const, offset: 0, length: 2 ** 30, group: 2 * k + 1 }]),
  ]);
  const bytes = await fetchSlices(sql, [s], slices);
  // A chunk rewritten since the index was read is left out: that answer is already stale.
  const parts = chunks.map((c, k) => {
    const values = asFloats(bytes.get(2 * k) ?? new Uint8Array(0));
    const steps = c.steps ?? (bytes.has(2 * k + 1) ? decodeSteps(bytes.get(2 * k + 1)!, c.n) : new Float64Array(0));
    const n = Math.min(values.length, steps.length);
    return { steps: steps.subarray(0, n), values: values.subarray(0, n) };
  });
  return {
    steps: concatArrays(
      Float64Array,
      parts.map((p) => p.steps),
    ),
    values: concatArrays(
      Float64Array,
      parts.map((p) => p.values),
    ),
    lengths: parts.map((p) => p.steps.length),
  };
}

/** Plan, fetch and aggregate, without smoothing: the series of many (run, key, range) reads at once, in request order. */
export async function readSteps(sql: Sql, requests: SeriesRequest[]): Promise<StepSeries[]> {
  const plan = await planRead(sql, requests);
  const fetched = await fetchRead(sql, plan);
  return plan.series.map((s, i) => aggregateSeries(s, fetched.get(i)!));
}

/** Every stored point of a key in [lo, hi], as typed arrays. */
export async function readPoints(sql: Sql, runId: string, key: string, lo: number, hi: number): Promise<{ steps: Float64Array; values: Float64Array }> {
  const [s] = await readSteps(sql, [{ runId, key, lo, hi, maxPoints: 0 }]);
  if (s.downsampled) throw new Error("a read with maxPoints 0 is never downsampled");
  return s;
}
