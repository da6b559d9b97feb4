import { firstIndexWhere, lowerBound, upperBound, type XY } from "./series";

/**
 * The metric-read shape of the API (`GET /runs/{id}/metrics`): one entry per bucket.
 * - `x`: midpoint of the x range the bucket's points actually cover;
 * - `y`: the mean of the bucket's finite values — unless the bucket holds a non-finite value,
 *   then that value (NaN before +Inf before −Inf), so a single NaN among a million points still
 *   reaches the chart as a point to mark;
 * - `min`/`max`: extremes of the bucket's finite values (a spike stays visible as the band's
 *   edge); a bucket with no finite value repeats its non-finite `y`.
 * Empty buckets emit nothing. Without downsampling, x/y are the points and min = max = y.
 */
export interface DownsampledSeries {
  x: number[];
  y: number[];
  min: number[];
  max: number[];
  /** Points in [from, to] before downsampling. */
  count: number;
  downsampled: boolean;
}

/**
 * A per-block summary as the server stores it, over consecutive steps [stepLo, stepHi].
 * `count` counts every value; min/max/first/last/sum cover the finite values only (NaN for
 * min/max/first/last, 0 for sum when there are none). Merging uses count/min/max/sum; first and
 * last let the server answer "last value" without reading points.
 */
export interface MetricBlock {
  stepLo: number;
  stepHi: number;
  count: number;
  min: number;
  max: number;
  first: number;
  last: number;
  sum: number;
  nanCount: number;
  posInfCount: number;
  negInfCount: number;
}

export interface DownsampleRange {
  /** Upper bound on emitted points; 0 = no downsampling. */
  maxPoints: number;
  /** Defaults: the series' (or blocks') first and last x. */
  from?: number;
  to?: number;
}

/** Min/max-per-bucket downsampling of an x-sorted series, buckets of equal x width. */
export function downsampleSeries(series: XY, { maxPoints, from, to }: DownsampleRange): DownsampledSeries {
  const { x, y } = series;
  const n = x.length;
  const lo = from ?? (n > 0 ? x[0] : 0);
  const hi = to ?? (n > 0 ? x[n - 1] : 0);
  const start = lowerBound(x, lo);
  const end = upperBound(x, hi);
  const count = Math.max(0, end - start);

  if (maxPoints <= 0 || count <= maxPoints) {
    const xs = Array.from({ length: count }, (_, i) => x[start + i]);
    const ys = Array.from({ length: count }, (_, i) => y[start + i]);
    return { x: xs, y: ys, min: ys.slice(), max: ys.slice(), count, downsampled: false };
  }

  // x is sorted: find each bucket's stretch by binary search, then summarise it in a tight loop.
  const buckets = new Buckets(maxPoints, lo, hi);
  for (let i = start; i < end; ) {
    const b = buckets.indexOf(x[i]);
    const stop = firstIndexWhere(x, (v) => buckets.indexOf(v) > b, i, end);
    buckets.add(b, summarizeBlock(series, i, stop));
    i = stop;
  }
  return buckets.emit(count);
}

/** The `MetricBlock` of points [start, end) of a series: what the server stores per block. */
export function summarizeBlock(series: XY, start: number, end: number): MetricBlock {
  const { x, y } = series;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let first = NaN;
  let last = NaN;
  let nanCount = 0;
  let posInfCount = 0;
  let negInfCount = 0;
  for (let i = start; i < end; i++) {
    const v = y[i];
    if (v - v === 0) {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      if (first !== first) first = v;
      last = v;
    } else if (v !== v) nanCount++;
    else if (v > 0) posInfCount++;
    else negInfCount++;
  }
  const anyFinite = first === first;
  return {
    stepLo: x[start],
    stepHi: x[end - 1],
    count: end - start,
    min: anyFinite ? min : NaN,
    max: anyFinite ? max : NaN,
    first,
    last,
    sum,
    nanCount,
    posInfCount,
    negInfCount,
  };
}

/**
 * Merges stored block summaries into ≤ maxPoints buckets (same output as `downsampleSeries`).
 * A block belongs to the bucket holding its midpoint; blocks overlapping [from, to] count.
 * Blocks must be sorted by stepLo and not overlap. `maxPoints: 0` (every point) cannot be
 * served from summaries: read the raw points and use `downsampleSeries` instead.
 */
export function mergeBlocks(blocks: readonly MetricBlock[], { maxPoints, from, to }: DownsampleRange): DownsampledSeries {
  const lo = from ?? (blocks.length > 0 ? blocks[0].stepLo : 0);
  const hi = to ?? (blocks.length > 0 ? blocks[blocks.length - 1].stepHi : 0);
  const inRange = blocks.filter((b) => b.stepHi >= lo && b.stepLo <= hi);
  const count = inRange.reduce((sum, b) => sum + b.count, 0);
  const buckets = new Buckets(Math.max(1, maxPoints), lo, hi);
  for (const block of inRange) buckets.add(buckets.indexOf((block.stepLo + block.stepHi) / 2), block);
  return buckets.emit(count);
}

/** Per-bucket accumulators in typed arrays: one allocation per field, no objects per point. */
class Buckets {
  private readonly xLo: Float64Array;
  private readonly xHi: Float64Array;
  private readonly count: Float64Array;
  private readonly finite: Float64Array;
  private readonly sum: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly nan: Float64Array;
  private readonly posInf: Float64Array;
  private readonly negInf: Float64Array;
  private readonly scale: number;

  constructor(
    private readonly size: number,
    private readonly from: number,
    to: number,
  ) {
    this.xLo = new Float64Array(size);
    this.xHi = new Float64Array(size);
    this.count = new Float64Array(size);
    this.finite = new Float64Array(size);
    this.sum = new Float64Array(size);
    this.min = new Float64Array(size).fill(Infinity);
    this.max = new Float64Array(size).fill(-Infinity);
    this.nan = new Float64Array(size);
    this.posInf = new Float64Array(size);
    this.negInf = new Float64Array(size);
    this.scale = to > from ? size / (to - from) : 0;
  }

  indexOf(x: number): number {
    const b = Math.floor((x - this.from) * this.scale);
    return b < 0 ? 0 : b >= this.size ? this.size - 1 : b;
  }

  add(b: number, block: MetricBlock): void {
    if (this.count[b] === 0) this.xLo[b] = block.stepLo;
    this.xHi[b] = block.stepHi;
    this.count[b] += block.count;
    this.nan[b] += block.nanCount;
    this.posInf[b] += block.posInfCount;
    this.negInf[b] += block.negInfCount;
    const finite = block.count - block.nanCount - block.posInfCount - block.negInfCount;
    if (finite === 0) return;
    if (block.min < this.min[b]) this.min[b] = block.min;
    if (block.max > this.max[b]) this.max[b] = block.max;
    this.sum[b] += block.sum;
    this.finite[b] += finite;
  }

  emit(count: number): DownsampledSeries {
    const out: DownsampledSeries = { x: [], y: [], min: [], max: [], count, downsampled: false };
    for (let b = 0; b < this.size; b++) {
      const n = this.count[b];
      if (n === 0) continue;
      if (n > 1) out.downsampled = true;
      const f = this.finite[b];
      const marker = this.nan[b] > 0 ? NaN : this.posInf[b] > 0 ? Infinity : this.negInf[b] > 0 ? -Infinity : null;
      out.x.push((this.xLo[b] + this.xHi[b]) / 2);
      out.y.push(marker ?? this.sum[b] / f);
      out.min.push(f > 0 ? this.min[b] : (marker as number));
      out.max.push(f > 0 ? this.max[b] : (marker as number));
    }
    return out;
  }
}
