import { DEFAULT_EMA_WEIGHT, tensorBoardEma, type Smoothing } from "@/lib/charts/smoothing";
import { concatArrays } from "@/lib/typed-arrays";
import { BLOCK_SIZES } from "./chunk-codec";
import { emaWarmupPoints } from "./smoothing-reach";

/**
 * The smoothing the store keeps up to date as runs log: the compare view's default, TensorBoard's
 * debiased EMA at 0.6. For each chunk it holds the sum of the smoothed values of every block at
 * every BLOCK_SIZES level (the blocks of the chunk's raw summaries, whose counts, steps and
 * non-finite tallies the smoothed series shares), so a first view of a long run buckets its
 * smoothed line from summaries like its raw one, never waiting for a million points to be smoothed.
 *
 * The EMA runs forward, and a chunk's smoothing depends on the points before it only through
 * STORED_EMA_HISTORY of them (beyond those the neglected weight is < WARMUP_EPSILON): a chunk's
 * sums are computed from its own values and that much history, so an append never rereads a run.
 */
export const STORED_SMOOTHING = { kind: "ema", weight: DEFAULT_EMA_WEIGHT } as const;
export const STORED_EMA_HISTORY = emaWarmupPoints(DEFAULT_EMA_WEIGHT);

export function isStoredSmoothing(s: Smoothing): boolean {
  return s.kind === "ema" && s.weight === DEFAULT_EMA_WEIGHT;
}

/** The smoothed values of `values`, given the raw points just before them (at most STORED_EMA_HISTORY are used). */
export function storedEma(history: Float64Array, values: Float64Array): Float64Array {
  const h = history.subarray(Math.max(0, history.length - STORED_EMA_HISTORY));
  if (!h.length) return tensorBoardEma(values, DEFAULT_EMA_WEIGHT);
  return tensorBoardEma(concatArrays(Float64Array, [h, values]), DEFAULT_EMA_WEIGHT).subarray(h.length);
}

/** Blocks of `size` points in a chunk of n points (the last one may be short). */
export const blockCount = (n: number, size: number) => Math.ceil(n / size);

/**
 * Per BLOCK_SIZES level, the sum of each block's finite smoothed values. The smoothed series is
 * non-finite exactly where the raw one is, so the raw block's finite count divides it into a mean.
 */
export function smoothedBlockSums(smoothed: Float64Array): Float64Array[] {
  const finest = new Float64Array(blockCount(smoothed.length, BLOCK_SIZES[0]));
  for (let i = 0; i < smoothed.length; i++) {
    const v = smoothed[i];
    if (v - v === 0) finest[(i / BLOCK_SIZES[0]) | 0] += v;
  }
  const levels = [finest];
  for (let l = 1; l < BLOCK_SIZES.length; l++) {
    const factor = BLOCK_SIZES[l] / BLOCK_SIZES[l - 1];
    const finer = levels[l - 1];
    const out = new Float64Array(Math.ceil(finer.length / factor));
    for (let i = 0; i < finer.length; i++) out[(i / factor) | 0] += finer[i];
    levels.push(out);
  }
  return levels;
}

/**
 * Storage of the sums (table metric_chunk_ema): the 64-point level alone in `sums_64` (large, kept
 * out of line), the coarser levels one after another in `sums_coarse` (small, kept in the row, so a
 * full-range read of a long run never touches TOAST). Byte offsets of a level's sums in its column:
 */
export function sumsLocation(n: number, size: number): { column: "sums_64" | "sums_coarse"; offset: number } {
  if (size === BLOCK_SIZES[0]) return { column: "sums_64", offset: 0 };
  let offset = 0;
  for (const s of BLOCK_SIZES.slice(1)) {
    if (s === size) return { column: "sums_coarse", offset };
    offset += blockCount(n, s) * 8;
  }
  throw new Error(`no block level ${size}`);
}

/** The two stored columns of a chunk's sums. */
export function encodeSums(levels: Float64Array[]): { sums64: Uint8Array; sumsCoarse: Uint8Array } {
  const bytes = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return { sums64: bytes(levels[0]), sumsCoarse: bytes(concatArrays(Float64Array, levels.slice(1))) };
}
