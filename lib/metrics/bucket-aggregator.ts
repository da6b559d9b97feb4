import { BLOCK_FIELDS, B_COUNT, B_FINITE, B_MAX, B_MIN, B_NAN, B_NEG_INF, B_POS_INF, B_STEP_HI, B_STEP_LO, B_SUM } from "./chunk-codec";
import type { IndexedChunk } from "./read-plan";

/** A downsampled series: one point per non-empty bucket. */
export interface BucketedSeries {
  x: number[];
  y: number[];
  /** Finite extremes per bucket (NaN: none finite); both empty when blocks were added by their sums alone (addBlockSums). */
  min: number[];
  max: number[];
  count: number;
}

/**
 * Min/max-per-bucket downsampling over [lo, hi] in M equal step buckets. Feeds on raw points and on
 * pre-aggregated block summaries alike. A bucket's y is the mean of its finite values, but any NaN
 * (then +Inf, then -Inf) in it becomes the bucket's y, so a divergence is never averaged away;
 * min/max are the finite extremes, so a spike always shows in the band.
 */
export class BucketAggregator {
  private readonly width: number;
  private readonly n: Float64Array; // points per bucket
  private readonly xs: Float64Array; // sum of steps (for the bucket's representative x)
  private readonly sum: Float64Array;
  private readonly finite: Float64Array;
  private readonly mn: Float64Array;
  private readonly mx: Float64Array;
  private readonly nan: Float64Array;
  private readonly pos: Float64Array;
  private readonly neg: Float64Array;
  total = 0;
  /** Some blocks came as sums alone: the buckets' extremes are not known. */
  private meansOnly = false;

  constructor(
    private readonly lo: number,
    hi: number,
    private readonly buckets: number,
  ) {
    this.width = (hi - lo + 1) / buckets;
    // Views of one buffer, one allocation rather than nine: a read makes two aggregators per
    // series (raw and smoothed), and large typed arrays are costly to allocate and collect.
    const all = new Float64Array(9 * buckets);
    const f = (k: number) => all.subarray(k * buckets, (k + 1) * buckets);
    [this.n, this.xs, this.sum, this.finite, this.nan, this.pos, this.neg, this.mn, this.mx] = [f(0), f(1), f(2), f(3), f(4), f(5), f(6), f(7), f(8)];
    this.mn.fill(Infinity);
    this.mx.fill(-Infinity);
  }

  private bucketOf(step: number): number {
    return Math.min(this.buckets - 1, Math.max(0, Math.floor((step - this.lo) / this.width)));
  }

  /**
   * Adds points in step order. A bucket's tallies are kept in locals over its points, added to in
   * the order of the points (so any split of a series into calls gives the same buckets, to the
   * bit): a downsampled read of short runs adds every point, a few per bucket, and reading and
   * writing nine arrays per point was most of its aggregation (a point at a time, 10k-step
   * series in 1,250 buckets).
   */
  addPoints(steps: ArrayLike<number>, values: ArrayLike<number>): void {
    const len = steps.length;
    this.total += len;
    for (let i = 0; i < len;) {
      const b = this.bucketOf(steps[i]);
      let n = this.n[b];
      let xs = this.xs[b];
      let sum = this.sum[b];
      let finite = this.finite[b];
      let mn = this.mn[b];
      let mx = this.mx[b];
      let nan = this.nan[b];
      let pos = this.pos[b];
      let neg = this.neg[b];
      do {
        const v = values[i];
        n++;
        xs += steps[i];
        if (v !== v) nan++;
        else if (v === Infinity) pos++;
        else if (v === -Infinity) neg++;
        else {
          sum += v;
          finite++;
          if (v < mn) mn = v;
          if (v > mx) mx = v;
        }
        i++;
      } while (i < len && this.bucketOf(steps[i]) === b);
      this.n[b] = n;
      this.xs[b] = xs;
      this.sum[b] = sum;
      this.finite[b] = finite;
      this.mn[b] = mn;
      this.mx[b] = mx;
      this.nan[b] = nan;
      this.pos[b] = pos;
      this.neg[b] = neg;
    }
  }

  /**
   * Adds block summary records (see chunk-codec); a block lands in the bucket of its midpoint.
   * `sums` (one per record) replaces the records' sums: the blocks of a smoothed series share
   * the raw blocks' steps, counts and non-finite tallies, only their values differ.
   */
  addBlocks(blocks: Float64Array, sums?: Float64Array): void {
    for (let o = 0, k = 0; o < blocks.length; o += BLOCK_FIELDS, k++) {
      const cnt = blocks[o + B_COUNT];
      const mid = (blocks[o + B_STEP_LO] + blocks[o + B_STEP_HI]) / 2;
      const b = this.bucketOf(mid);
      this.n[b] += cnt;
      this.xs[b] += mid * cnt;
      this.total += cnt;
      this.nan[b] += blocks[o + B_NAN];
      this.pos[b] += blocks[o + B_POS_INF];
      this.neg[b] += blocks[o + B_NEG_INF];
      const fin = blocks[o + B_FINITE];
      if (fin > 0) {
        this.finite[b] += fin;
        this.sum[b] += sums ? sums[k] : blocks[o + B_SUM];
        if (blocks[o + B_MIN] < this.mn[b]) this.mn[b] = blocks[o + B_MIN];
        if (blocks[o + B_MAX] > this.mx[b]) this.mx[b] = blocks[o + B_MAX];
      }
    }
  }

  /**
   * Adds blocks of one chunk by their sums alone (8 of a record's 88 bytes): those of a chunk whose
   * steps are known (see hasKnownSteps) and whose values are all finite, so a block's step range and
   * count follow from its position and its finite count is its count. Block j holds the chunk's
   * points [j·size, min(n, (j+1)·size)); `sums` are those of blocks first, first + 1, … The
   * buckets' x and y are then exactly what addBlocks gives from the whole records (the same
   * additions in the same order); their min/max are not known, and result() leaves them out.
   */
  addBlockSums(chunk: IndexedChunk, size: number, first: number, sums: Float64Array): void {
    this.meansOnly = true;
    const dense = isDense(chunk);
    const stepAt = (i: number) => (dense ? chunk.stepLo + i : chunk.steps!.at(i));
    for (let k = 0; k < sums.length; k++) {
      const a = (first + k) * size;
      const cnt = Math.min(chunk.n, a + size) - a;
      const mid = (stepAt(a) + stepAt(a + cnt - 1)) / 2;
      const b = this.bucketOf(mid);
      this.n[b] += cnt;
      this.xs[b] += mid * cnt;
      this.total += cnt;
      this.finite[b] += cnt;
      this.sum[b] += sums[k];
    }
  }

  result(): BucketedSeries {
    const out: BucketedSeries = { x: [], y: [], min: [], max: [], count: this.total };
    for (let b = 0; b < this.buckets; b++) {
      if (!this.n[b]) continue;
      out.x.push(Math.round(this.xs[b] / this.n[b]));
      out.y.push(this.mean(b));
      if (this.meansOnly) continue;
      out.min.push(this.finite[b] ? this.mn[b] : NaN);
      out.max.push(this.finite[b] ? this.mx[b] : NaN);
    }
    return out;
  }

  /** result()'s y alone (a smoothed series bucketed like its raw one needs no x or extremes). */
  means(): Float64Array {
    let filled = 0;
    for (let b = 0; b < this.buckets; b++) if (this.n[b]) filled++;
    const out = new Float64Array(filled);
    for (let b = 0, k = 0; b < this.buckets; b++) if (this.n[b]) out[k++] = this.mean(b);
    return out;
  }

  /** A bucket's y: the mean of its finite values, or its NaN (then +Inf, then -Inf) if it has one. */
  private mean(b: number): number {
    return this.nan[b] ? NaN : this.pos[b] ? Infinity : this.neg[b] ? -Infinity : this.sum[b] / this.finite[b];
  }
}

/** Steps are distinct integers: a chunk of n points spanning n steps holds every one of them, and point i is at stepLo + i. */
const isDense = (c: IndexedChunk) => c.stepHi - c.stepLo + 1 === c.n;

/** Whether each of a chunk's points' step is known without reading it: every step (dense), or steps the index carries. */
export const hasKnownSteps = (c: IndexedChunk) => isDense(c) || !!c.steps;
