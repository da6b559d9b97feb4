import { emaAdvance, emaContinue, emaStart, type EmaState } from "@/lib/charts/ema-state";
import { DEFAULT_EMA_WEIGHT, type Smoothing } from "@/lib/charts/smoothing";
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
  return storedEmaRun(history, values).smoothed;
}

/**
 * storedEma's values and storedEmaState's state in one pass: tensorBoardEma over the history and
 * the values, the history's outputs dropped. A read smooths its series' points and sends the
 * state after the last one (a second pass over 10k-point series was a tenth of its smoothing).
 */
export function storedEmaRun(history: Float64Array, values: Float64Array): { smoothed: Float64Array; state: EmaState } {
  // The state after the history, which emaContinue advances in place over the values: the state after them.
  const state = storedEmaState(history, NO_VALUES);
  return { smoothed: emaContinue(state, values), state };
}

const NO_VALUES = new Float64Array(0);

/**
 * The EMA state after the last of `values` (given the same history as storedEma): a live chart
 * continues the smoothed line from it over the points a metrics.appended event carries
 * (lib/charts/ema-state.ts). The same steps storedEma takes, so the continued values are the ones
 * the server would send for those points.
 */
export function storedEmaState(history: Float64Array, values: Float64Array): EmaState {
  const s = emaStart(DEFAULT_EMA_WEIGHT);
  for (let i = Math.max(0, history.length - STORED_EMA_HISTORY); i < history.length; i++) emaAdvance(s, history[i]);
  for (let i = 0; i < values.length; i++) emaAdvance(s, values[i]);
  return s;
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

/** The columns of table metric_chunk_ema holding each level's sums (one float64 per block), like the chunks' block columns. */
export const SUMS_COLUMNS = BLOCK_SIZES.map((size) => `sums_${size}` as const);

/** A chunk's sums as stored: one byte array per level. */
export function encodeSums(levels: Float64Array[]): Uint8Array[] {
  return levels.map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}
