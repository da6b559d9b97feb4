import { BLOCK_SIZES, type StepRuns } from "./chunk-codec";

/** A stored chunk as the chunk index lists it: its step range and point count, its steps when they were cheap to send. */
export interface IndexedChunk {
  stepLo: number;
  stepHi: number;
  n: number;
  /** Its steps, for chunks whose step encoding is small (regular logging): they locate any step in the chunk without reading it. */
  steps?: StepRuns;
  /** The stored smoothing's sums exist for this chunk (lib/metrics/stored-ema.ts). */
  smoothed?: boolean;
  /** Every value is finite (no NaN, ±Infinity): its blocks' finite counts are their point counts, their non-finite tallies 0. */
  finite?: boolean;
}

/**
 * What to read of one chunk: a run of its block summaries at one level, or a run of its points
 * (indices into the chunk). `filter`: the chunk's steps were not known while planning, so its
 * points are read whole and the ones outside the range dropped after decoding.
 */
export type Piece =
  | { kind: "blocks"; chunk: IndexedChunk; size: number; first: number; count: number }
  | { kind: "points"; chunk: IndexedChunk; first: number; count: number; filter: boolean };

export interface SeriesPlan {
  lo: number;
  hi: number;
  /** Buckets of a downsampled read (maxPoints), 0 at full resolution. */
  buckets: number;
  pieces: Piece[];
  /** Points in [lo, hi] (an upper bound where edge chunks' steps are unknown). */
  points: number;
}

/**
 * Plans the read of one series over the steps [lo, hi]. With maxPoints > 0 and more points than
 * that, the read is downsampled into maxPoints buckets, and each chunk is read at the coarsest block
 * level whose blocks span at most two buckets (a block lands whole in the bucket of its middle), so
 * the cost follows the points drawn, not the points stored. A chunk only partly in range (a zoom's
 * edges) is read as its whole blocks inside the range plus the few points beside them, not whole.
 * `chunks` in step order; those outside the range are skipped.
 */
export function planSeries(chunks: readonly IndexedChunk[], range: { lo: number; hi: number; maxPoints: number; points?: number }): SeriesPlan {
  const { lo, hi, maxPoints } = range;
  const inRange = chunks.filter((c) => c.stepHi >= lo && c.stepLo <= hi).map((c) => ({ chunk: c, span: pointSpan(c, lo, hi) }));
  const points = range.points ?? countPoints(inRange);
  // Steps are unique integers: a range narrower than maxPoints cannot need downsampling.
  const downsampled = maxPoints > 0 && points > maxPoints && hi - lo + 1 > maxPoints;
  const buckets = downsampled ? maxPoints : 0;
  const width = (hi - lo + 1) / Math.max(1, maxPoints);
  const pieces: Piece[] = [];
  for (const { chunk, span } of inRange) {
    if (!span) {
      pieces.push({ kind: "points", chunk, first: 0, count: chunk.n, filter: true });
      continue;
    }
    const [a, b] = span;
    if (b <= a) continue;
    const size = downsampled ? blockSize((chunk.n * width) / (chunk.stepHi - chunk.stepLo + 1)) : 0;
    // Whole blocks inside [a, b): block j holds the points [j·size, min(n, (j+1)·size)).
    const first = size ? Math.ceil(a / size) : 0;
    const end = size ? (b === chunk.n ? Math.ceil(chunk.n / size) : Math.floor(b / size)) : 0;
    if (end <= first) {
      pieces.push({ kind: "points", chunk, first: a, count: b - a, filter: false });
      continue;
    }
    if (a < first * size) pieces.push({ kind: "points", chunk, first: a, count: first * size - a, filter: false });
    pieces.push({ kind: "blocks", chunk, size, first, count: end - first });
    const after = Math.min(chunk.n, end * size);
    if (after < b) pieces.push({ kind: "points", chunk, first: after, count: b - after, filter: false });
  }
  return { lo, hi, buckets, pieces, points };
}

/** The chunk's points in [lo, hi] as an index range [a, b); null when its steps are unknown and it is not wholly inside. */
function pointSpan(c: IndexedChunk, lo: number, hi: number): [number, number] | null {
  if (c.stepLo >= lo && c.stepHi <= hi) return [0, c.n];
  if (!c.steps) return null;
  return [c.steps.lowerBound(lo), c.steps.upperBound(hi)];
}

/** Points in range, counting a chunk of unknown steps whole. */
function countPoints(inRange: { chunk: IndexedChunk; span: [number, number] | null }[]): number {
  return inRange.reduce((sum, { chunk, span }) => sum + (span ? span[1] - span[0] : chunk.n), 0);
}

/**
 * The coarsest block size not above two buckets' points (0: read points). A chart asks for about a
 * bucket per pixel: blocks of up to two pixels still draw the line and its min–max band at the
 * chart's resolution, from a quarter of the summaries one block per bucket would take.
 */
function blockSize(pointsPerBucket: number): number {
  for (let i = BLOCK_SIZES.length - 1; i >= 0; i--) if (2 * pointsPerBucket >= BLOCK_SIZES[i]) return BLOCK_SIZES[i];
  return 0;
}
