import "server-only";
import type { Sql } from "@/lib/db/sql";
import type { Smoothing } from "@/lib/charts/smoothing";
import { BucketAggregator, hasKnownSteps, type BucketedSeries } from "@/lib/metrics/bucket-aggregator";
import { BLOCK_FIELDS, B_SUM, StepRuns } from "@/lib/metrics/chunk-codec";
import { planSeries, type IndexedChunk, type Piece, type SeriesPlan } from "@/lib/metrics/read-plan";
import { isStoredSmoothing, STORED_EMA_HISTORY } from "@/lib/metrics/stored-ema";
import { concatArrays } from "@/lib/typed-arrays";
import { readChunkIndex, type SeriesRange } from "./chunk-index";
import { asFloats, blockColumn, fetchSlices, STRIDED_SIZES, sumsColumn, WHOLE, type Slice } from "./fetch-slices";

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
  /**
   * Only the buckets' x and mean (y) are wanted, not their min/max (the compare summary): blocks of
   * chunks whose steps are known and whose values are all finite are then fetched as their
   * sums alone, 8 of a record's 88 bytes (see sumsOnly). Reads without smoothing only, and in one
   * snapshot (readSteps takes one): unlike a record, a sum doesn't name its block's steps, so a chunk
   * rewritten between the index and the fetch would misplace them.
   */
  meansOnly?: boolean;
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
  if (smoothing && requests.some((r) => r.meansOnly)) throw new Error("a smoothed read needs its blocks whole: meansOnly reads are unsmoothed");
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
  /** The block records of the plan's blocks pieces, in order (those read by their sums alone left out). */
  blocks: Float64Array;
  /** The sums of the blocks pieces read by them alone (sumsOnly), in order. */
  blockSums?: Float64Array;
  /** The stored smoothing's sums of the blocks pieces whose chunk has them, in order. */
  sums: Float64Array;
  /** Each point run's steps and values, and the raw values just before them (stored smoothing only). */
  points: Map<Piece, { run: PointRun; steps: Float64Array; values: Float64Array; history: Float64Array }>;
  /**
   * The stored smoothing's read of a series whose last piece is block summaries of its last chunk:
   * the last STORED_EMA_HISTORY raw values, for the EMA state at the series' end (smooth-series.ts's emaAtEnd).
   */
  tail?: Float64Array;
}

/**
 * Step 2: every slice of the plans, in one query: of every series, or `only` some; without what the
 * stored smoothing would need for the `unsmoothed` ones (their smoothing is being computed elsewhere).
 * Whole levels of consecutive chunks go as one stretch (an index range scan), the rest chunk by chunk.
 */
export async function fetchRead(
  sql: Sql,
  plan: ReadPlan,
  opts: { only?: readonly number[]; unsmoothed?: ReadonlySet<number> } = {},
): Promise<Map<number, FetchedSeries>> {
  const smoothing = !!plan.smoothing && isStoredSmoothing(plan.smoothing);
  const slices = new SliceList();
  const wants: {
    series: number;
    blocks: number;
    blockSums: number;
    sums: number;
    tail?: number;
    runs: { run: PointRun; values: number; steps: number | null; history: number }[];
  }[] = [];
  for (const i of opts.only ?? plan.series.keys()) {
    const s = plan.series[i];
    const stored = smoothing && !opts.unsmoothed?.has(i);
    const want: (typeof wants)[number] = { series: i, blocks: slices.group(), blockSums: slices.group(), sums: slices.group(), runs: [] };
    wants.push(want);
    // Pieces follow the chunk list's order: each one's chunk is found walking forward.
    let k = 0;
    for (const piece of s.plan.pieces) {
      const { chunk } = piece;
      while (s.chunks[k] !== chunk) k++;
      if (piece.kind === "blocks") {
        const whole = piece.first === 0 && piece.count === Math.ceil(chunk.n / piece.size);
        const at = (width: number) => (whole ? { offset: 0, length: WHOLE } : { offset: piece.first * width, length: piece.count * width });
        if (sumsOnly(s, piece)) {
          const { offset, length } = at(RECORD_BYTES);
          slices.add(s.chunks, k, {
            series: i,
            column: blockColumn(piece.size),
            group: want.blockSums,
            offset: offset + B_SUM * 8,
            length,
            stride: RECORD_BYTES,
          });
          continue;
        }
        slices.add(s.chunks, k, { series: i, column: blockColumn(piece.size), group: want.blocks, ...at(RECORD_BYTES) });
        if (stored && chunk.smoothed) {
          slices.add(s.chunks, k, { series: i, column: sumsColumn(piece.size), group: want.sums, ...at(8) });
          continue;
        }
        if (!stored) continue;
      }
      const run: PointRun =
        piece.kind === "points"
          ? { piece, chunk, start: piece.first, end: piece.first + piece.count }
          : { piece, chunk, start: piece.first * piece.size, end: Math.min(chunk.n, (piece.first + piece.count) * piece.size) };
      const history = stored ? STORED_EMA_HISTORY : 0;
      const values = slices.group();
      // The history first: the tails of the chunks before this one, then this chunk's points before start.
      let needed = Math.max(0, history - run.start);
      const tails: [number, number][] = [];
      for (let c = k - 1; c >= 0 && needed > 0; c--) {
        const take = Math.min(s.chunks[c].n, needed);
        tails.unshift([c, take]);
        needed -= take;
      }
      for (const [c, take] of tails) {
        slices.add(s.chunks, c, { series: i, column: "vals", group: values, offset: (s.chunks[c].n - take) * 8, length: take * 8 });
      }
      const from = Math.max(0, run.start - history);
      slices.add(s.chunks, k, { series: i, column: "vals", group: values, offset: from * 8, length: (run.end - from) * 8 });
      const steps = chunk.steps ? null : slices.group();
      if (steps !== null) slices.add(s.chunks, k, { series: i, column: "steps", group: steps, offset: 0, length: WHOLE });
      want.runs.push({ run, values, steps, history: history - needed });
    }
    const last = s.plan.pieces.at(-1);
    if (stored && last?.kind === "blocks" && last.chunk === s.chunks.at(-1) && s.plan.hi >= last.chunk.stepHi) {
      // The last raw values, from the end of the chunks back: the EMA state at the series' end.
      want.tail = slices.group();
      let needed = STORED_EMA_HISTORY;
      const parts: [number, number][] = [];
      for (let c = s.chunks.length - 1; c >= 0 && needed > 0; c--) {
        const take = Math.min(s.chunks[c].n, needed);
        parts.unshift([c, take]);
        needed -= take;
      }
      for (const [c, take] of parts) {
        slices.add(s.chunks, c, { series: i, column: "vals", group: want.tail, offset: (s.chunks[c].n - take) * 8, length: take * 8 });
      }
    }
  }
  const bytes = await fetchSlices(sql, plan.series, slices.all);
  const floats = (g: number) => asFloats(bytes.get(g) ?? new Uint8Array(0));
  const out = new Map<number, FetchedSeries>();
  for (const want of wants) {
    const points: FetchedSeries["points"] = new Map();
    for (const { run, values, steps, history } of want.runs) {
      const all = floats(values);
      // A chunk rewritten since the index was read may have fewer points: that answer is already stale.
      const count = Math.min(run.end - run.start, Math.max(0, all.length - history));
      const stored = steps === null ? null : bytes.get(steps);
      const chunkSteps = run.chunk.steps ?? (stored ? new StepRuns(stored, run.chunk.n) : null);
      points.set(run.piece, {
        run,
        steps: chunkSteps ? chunkSteps.slice(run.start, run.start + count) : new Float64Array(0),
        values: all.subarray(all.length - count),
        history: all.subarray(0, all.length - count),
      });
    }
    out.set(want.series, {
      blocks: floats(want.blocks),
      blockSums: floats(want.blockSums),
      sums: floats(want.sums),
      points,
      tail: want.tail === undefined ? undefined : floats(want.tail),
    });
  }
  return out;
}

/** A read's slices, a whole column of consecutive chunks merged into one stretch. */
class SliceList {
  readonly all: Slice[] = [];
  private groups = 0;
  private last = new Map<number, { slice: Slice; chunk: number }>();

  /** A new group id. */
  group(): number {
    return this.groups++;
  }

  /**
   * A slice of chunk k (of `chunks`, the series' chunk list); whole columns of the next chunk in a
   * group (or, strided, every record's field from the first) extend the previous stretch.
   */
  add(chunks: readonly IndexedChunk[], k: number, slice: Omit<Slice, "lo" | "hi">): void {
    const prev = this.last.get(slice.group);
    const whole = slice.offset < (slice.stride ?? 1) && slice.length === WHOLE;
    const same = (p: Slice) => p.column === slice.column && p.offset === slice.offset && p.length === WHOLE && p.stride === slice.stride;
    if (prev && whole && prev.chunk === k - 1 && same(prev.slice)) {
      prev.slice.hi = chunks[k].stepLo;
      prev.chunk = k;
      return;
    }
    const full = { ...slice, lo: chunks[k].stepLo, hi: chunks[k].stepLo };
    this.all.push(full);
    this.last.set(slice.group, { slice: full, chunk: k });
  }
}

/** Bytes of one block record. */
const RECORD_BYTES = BLOCK_FIELDS * 8;

/**
 * Whether a blocks piece is read by its blocks' sums alone: a means-only read's piece of a chunk
 * whose steps are known (each block's step range and count follow) and whose values are all
 * finite (each block's finite count is its count), at a level fetchSlices cuts fields of
 * (STRIDED_SIZES): BucketAggregator.addBlockSums.
 */
function sumsOnly(s: PlannedSeries, piece: Extract<Piece, { kind: "blocks" }>): boolean {
  return !!s.meansOnly && hasKnownSteps(piece.chunk) && !!piece.chunk.finite && STRIDED_SIZES.includes(piece.size);
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
  // Consecutive blocks pieces lie one after the other in f.blocks: added as one run, not a view each.
  let at = 0;
  let pending = 0;
  let sumsAt = 0;
  const addPending = () => {
    if (pending) agg.addBlocks(f.blocks.subarray(at, at + pending));
    at += pending;
    pending = 0;
  };
  for (const p of s.plan.pieces) {
    if (p.kind === "blocks" && sumsOnly(s, p)) {
      addPending();
      agg.addBlockSums(p.chunk, p.size, p.first, f.blockSums!.subarray(sumsAt, (sumsAt += p.count)));
      continue;
    }
    if (p.kind === "blocks") {
      pending += p.count * BLOCK_FIELDS;
      continue;
    }
    addPending();
    const pts = inRange(f.points.get(p)!, p, lo, hi);
    agg.addPoints(pts.steps, pts.values);
  }
  addPending();
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
  const slices = new SliceList();
  const values = slices.group();
  for (let k = first; k <= last; k++) slices.add(s.chunks, k, { series: 0, column: "vals", group: values, offset: 0, length: WHOLE });
  const steps = chunks.map((c, k) => {
    if (c.steps) return null;
    const g = slices.group();
    slices.add(s.chunks, first + k, { series: 0, column: "steps", group: g, offset: 0, length: WHOLE });
    return g;
  });
  const bytes = await fetchSlices(sql, [s], slices.all);
  const all = asFloats(bytes.get(values) ?? new Uint8Array(0));
  // A chunk rewritten since the index was read: that answer is stale, and its points are cut to what came.
  const lengths = chunks.map((c) => c.n);
  if (lengths.reduce((a, b) => a + b, 0) !== all.length) return { steps: new Float64Array(0), values: new Float64Array(0), lengths: lengths.map(() => 0) };
  const stepParts = chunks.map((c, k) => {
    const stored = steps[k] === null ? undefined : bytes.get(steps[k]);
    return (c.steps ?? new StepRuns(stored ?? new Uint8Array(0), stored ? c.n : 0)).slice(0, c.n);
  });
  const stepsRead = concatArrays(Float64Array, stepParts);
  if (stepsRead.length !== all.length) return { steps: new Float64Array(0), values: new Float64Array(0), lengths: lengths.map(() => 0) };
  return { steps: stepsRead, values: all, lengths };
}

/**
 * Runs `fn` in one read-only snapshot: the chunks a plan lists are then exactly the ones its fetch
 * reads, though a run is being written meanwhile (a tail compacted between the two queries would
 * otherwise shift what a stretch of chunks holds, and the stored sums with it). `sql` must not be
 * in a transaction already.
 */
export function inSnapshot<T>(sql: Sql, fn: (tx: Sql) => Promise<T>): Promise<T> {
  return sql.transaction(async (tx) => {
    await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    return fn(tx);
  });
}

/** Plan, fetch and aggregate, without smoothing: the series of many (run, key, range) reads at once, in request order. */
export async function readSteps(sql: Sql, requests: SeriesRequest[]): Promise<StepSeries[]> {
  // Block records name their own steps: no snapshot needed for them (and `sql` may be a caller's
  // transaction). Blocks read by their sums alone don't, so a read with any meansOnly request runs
  // in one (`sql` then not in a transaction already).
  if (requests.some((r) => r.meansOnly)) return inSnapshot(sql, (tx) => readStepsAsIs(tx, requests));
  return readStepsAsIs(sql, requests);
}

async function readStepsAsIs(sql: Sql, requests: SeriesRequest[]): Promise<StepSeries[]> {
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
