/**
 * Binary layout of one stored chunk (a run of ≤ CHUNK_MAX points of one metric key):
 * - steps: the first step, then (delta, repeat) varint pairs — consecutive steps cost a few bytes per chunk;
 * - vals: float64 little-endian, NaN/±Infinity as IEEE values (an LR of 0.0095 reads back exactly);
 * - blocks: for each size in BLOCK_SIZES, one summary record per that many points, so downsampled
 *   reads of long runs aggregate summaries instead of decoding every value.
 */
export const CHUNK_MAX = 16_384;
/** Points per block summary at each level; the columns blocks_64 … blocks_4096 hold them. */
export const BLOCK_SIZES = [64, 256, 1024, 4096] as const;

/** Fields of one block summary record (float64 each). min/max/sum are over finite values only. */
export const B_STEP_LO = 0;
export const B_STEP_HI = 1;
export const B_COUNT = 2;
export const B_MIN = 3;
export const B_MAX = 4;
export const B_SUM = 5;
export const B_FINITE = 6;
export const B_LAST = 7;
export const B_NAN = 8;
export const B_POS_INF = 9;
export const B_NEG_INF = 10;
export const BLOCK_FIELDS = 11;

export interface ChunkStats {
  stepLo: number;
  stepHi: number;
  n: number;
  /** Finite minimum/maximum and their steps; null when the chunk holds no finite value. */
  min: number | null;
  minStep: number | null;
  max: number | null;
  maxStep: number | null;
  last: number;
  nonFinite: number;
}

export interface EncodedChunk {
  steps: Uint8Array;
  vals: Uint8Array;
  /** One summary array per BLOCK_SIZES entry. */
  blocks: Uint8Array[];
  stats: ChunkStats;
}

/** steps must be strictly increasing integers; values the same length. */
export function encodeChunk(steps: ArrayLike<number>, values: ArrayLike<number>): EncodedChunk {
  const n = steps.length;
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) vals[i] = values[i];
  return {
    steps: encodeSteps(steps),
    vals: new Uint8Array(vals.buffer),
    blocks: BLOCK_SIZES.map((size) => new Uint8Array(summarize(steps, vals, size).buffer)),
    stats: chunkStats(steps, vals),
  };
}

function chunkStats(steps: ArrayLike<number>, vals: Float64Array): ChunkStats {
  let min: number | null = null,
    max: number | null = null,
    minStep: number | null = null,
    maxStep: number | null = null,
    nonFinite = 0;
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i];
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (min === null || v < min) (min = v), (minStep = steps[i]);
    if (max === null || v > max) (max = v), (maxStep = steps[i]);
  }
  return { stepLo: steps[0], stepHi: steps[steps.length - 1], n: vals.length, min, minStep, max, maxStep, last: vals[vals.length - 1], nonFinite };
}

function summarize(steps: ArrayLike<number>, vals: Float64Array, size: number): Float64Array {
  const nBlocks = Math.ceil(vals.length / size);
  const out = new Float64Array(nBlocks * BLOCK_FIELDS);
  for (let b = 0; b < nBlocks; b++) {
    const start = b * size;
    const end = Math.min(vals.length, start + size);
    let min = Infinity, max = -Infinity, sum = 0, finite = 0, nan = 0, pos = 0, neg = 0;
    for (let i = start; i < end; i++) {
      const v = vals[i];
      if (v === v && v !== Infinity && v !== -Infinity) {
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
        finite++;
      } else if (v !== v) nan++;
      else if (v > 0) pos++;
      else neg++;
    }
    const o = b * BLOCK_FIELDS;
    out[o + B_STEP_LO] = steps[start];
    out[o + B_STEP_HI] = steps[end - 1];
    out[o + B_COUNT] = end - start;
    out[o + B_MIN] = finite ? min : NaN;
    out[o + B_MAX] = finite ? max : NaN;
    out[o + B_SUM] = sum;
    out[o + B_FINITE] = finite;
    out[o + B_LAST] = vals[end - 1];
    out[o + B_NAN] = nan;
    out[o + B_POS_INF] = pos;
    out[o + B_NEG_INF] = neg;
  }
  return out;
}

function encodeSteps(steps: ArrayLike<number>): Uint8Array {
  const out: number[] = [];
  writeVarint(out, steps.length ? steps[0] : 0);
  let i = 1;
  while (i < steps.length) {
    const delta = steps[i] - steps[i - 1];
    let run = 1;
    while (i + run < steps.length && steps[i + run] - steps[i + run - 1] === delta) run++;
    writeVarint(out, delta);
    writeVarint(out, run);
    i += run;
  }
  return Uint8Array.from(out);
}

export function decodeSteps(bytes: Uint8Array, n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 0) return out;
  const pos = { p: 0 };
  let step = readVarint(bytes, pos);
  out[0] = step;
  let i = 1;
  while (i < n) {
    const delta = readVarint(bytes, pos);
    const run = readVarint(bytes, pos);
    for (let k = 0; k < run; k++) out[i++] = step += delta;
  }
  return out;
}

/** Copies: bytes from the driver are not 8-byte aligned. */
export function decodeFloats(bytes: Uint8Array): Float64Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

// Steps may exceed 2^32, so varints use arithmetic rather than 32-bit shifts.
function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function readVarint(bytes: Uint8Array, pos: { p: number }): number {
  let result = 0, mul = 1, b: number;
  do {
    b = bytes[pos.p++];
    result += (b & 0x7f) * mul;
    mul *= 0x80;
  } while (b & 0x80);
  return result;
}
