import { BLOCK_FIELDS, B_COUNT, B_FINITE, B_MAX, B_MIN, B_NAN, B_NEG_INF, B_POS_INF, B_STEP_HI, B_STEP_LO, B_SUM } from "./chunk-codec";
import type { IndexedChunk } from "./read-plan";

/** A downsampled series: one point per non-empty bucket. */
export interface BucketedSeries {
  x: number[];
  y: number[];
  /** Finite extremes per bucket (null: none finite); both empty when blocks were added by their sums alone (addBlockSums). */
  min: (number | null)[];
  max: (number | null)[];
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
    const f = () => new Float64Array(buckets);
    [this.n, this.xs, this.sum, this.finite, this.nan, this.pos, this.neg] = [f(), f(), f(), f(), f(), f(), f()];
    this.mn = new Float64Array(buckets).fill(Infinity);
    this.mx = new Float64Array(buckets).fill(-Infinity);
  }

  private bucketOf(step: number): number {
    return Math.min(this.buckets - 1, Math.max(0, Math.floor((step - this.lo) / this.width)));
  }

  addPoint(step: number, v: number): void {
    const b = this.bucketOf(step);
    this.n[b]++;
    this.xs[b] += step;
    this.total++;
    if (v !== v) this.nan[b]++;
    else if (v === Infinity) this.pos[b]++;
    else if (v === -Infinity) this.neg[b]++;
    else {
      this.sum[b] += v;
      this.finite[b]++;
      if (v < this.mn[b]) this.mn[b] = v;
      if (v > this.mx[b]) this.mx[b] = v;
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
      const y = this.nan[b] ? NaN : this.pos[b] ? Infinity : this.neg[b] ? -Infinity : this.sum[b] / this.finite[b];
      out.y.push(y);
      if (this.meansOnly) continue;
      out.min.push(this.finite[b] ? this.mn[b] : null);
      out.max.push(this.finite[b] ? this.mx[b] : null);
    }
    return out;
  }
}

/** Steps are distinct integers: a chunk of n points spanning n steps holds every one of them, and point i is at stepLo + i. */
const isDense = (c: IndexedChunk) => c.stepHi - c.stepLo + 1 === c.n;

/** Whether each of a chunk's points' step is known without reading it: every step (dense), or steps the index carries. */
export const hasKnownSteps = (c: IndexedChunk) => isDense(c) || !!c.steps;
