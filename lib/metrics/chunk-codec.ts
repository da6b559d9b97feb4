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
  // Float64Array input (the write path's) is stored as is: its bytes are the encoding.
  const vals = values instanceof Float64Array ? values : Float64Array.from(values);
  return {
    steps: encodeSteps(steps),
    vals: new Uint8Array(vals.buffer, vals.byteOffset, vals.byteLength),
    blocks: summarizeLevels(steps, vals).map((level) => new Uint8Array(level.buffer)),
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
    if (min === null || v < min) {
      min = v;
      minStep = steps[i];
    }
    if (max === null || v > max) {
      max = v;
      maxStep = steps[i];
    }
  }
  return { stepLo: steps[0], stepHi: steps[steps.length - 1], n: vals.length, min, minStep, max, maxStep, last: vals[vals.length - 1], nonFinite };
}

/** Summaries at every BLOCK_SIZES level: the finest from the values, each coarser one folded from the one below (a pass over records, not values). */
export function summarizeLevels(steps: ArrayLike<number>, vals: Float64Array): Float64Array[] {
  const levels = [summarize(steps, vals, BLOCK_SIZES[0])];
  for (let l = 1; l < BLOCK_SIZES.length; l++) levels.push(foldRecords(levels[l - 1], BLOCK_SIZES[l] / BLOCK_SIZES[l - 1]));
  return levels;
}

/** Merges summary records in groups of `factor` (the last group may be shorter). */
function foldRecords(finer: Float64Array, factor: number): Float64Array {
  const count = finer.length / BLOCK_FIELDS;
  const out = new Float64Array(Math.ceil(count / factor) * BLOCK_FIELDS);
  for (let from = 0, o = 0; from < count; from += factor, o += BLOCK_FIELDS) {
    const to = Math.min(count, from + factor);
    let min = Infinity,
      max = -Infinity;
    for (let i = from * BLOCK_FIELDS; i < to * BLOCK_FIELDS; i += BLOCK_FIELDS) {
      out[o + B_COUNT] += finer[i + B_COUNT];
      out[o + B_SUM] += finer[i + B_SUM];
      out[o + B_FINITE] += finer[i + B_FINITE];
      out[o + B_NAN] += finer[i + B_NAN];
      out[o + B_POS_INF] += finer[i + B_POS_INF];
      out[o + B_NEG_INF] += finer[i + B_NEG_INF];
      // A record without finite values has NaN min/max: skip it.
      if (finer[i + B_FINITE] > 0) {
        if (finer[i + B_MIN] < min) min = finer[i + B_MIN];
        if (finer[i + B_MAX] > max) max = finer[i + B_MAX];
      }
    }
    const last = (to - 1) * BLOCK_FIELDS;
    out[o + B_STEP_LO] = finer[from * BLOCK_FIELDS + B_STEP_LO];
    out[o + B_STEP_HI] = finer[last + B_STEP_HI];
    out[o + B_LAST] = finer[last + B_LAST];
    out[o + B_MIN] = out[o + B_FINITE] > 0 ? min : NaN;
    out[o + B_MAX] = out[o + B_FINITE] > 0 ? max : NaN;
  }
  return out;
}

function summarize(steps: ArrayLike<number>, vals: Float64Array, size: number): Float64Array {
  const nBlocks = Math.ceil(vals.length / size);
  const out = new Float64Array(nBlocks * BLOCK_FIELDS);
  for (let b = 0; b < nBlocks; b++) {
    const start = b * size;
    const end = Math.min(vals.length, start + size);
    let min = Infinity,
      max = -Infinity,
      sum = 0,
      finite = 0,
      nan = 0,
      pos = 0,
      neg = 0;
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
  decodeStepsInto(bytes, n, out, 0);
  return out;
}

/** Decodes a chunk's n steps into out[at…] (a long read fills one array, chunk after chunk). */
export function decodeStepsInto(bytes: Uint8Array, n: number, out: Float64Array, at: number): void {
  if (n === 0) return;
  const pos = { p: 0 };
  let step = readVarint(bytes, pos);
  out[at] = step;
  let i = at + 1;
  const end = at + n;
  while (i < end) {
    const delta = readVarint(bytes, pos);
    const run = readVarint(bytes, pos);
    for (let k = 0; k < run; k++) out[i++] = step += delta;
  }
}

/**
 * A chunk's steps as the encoding keeps them, runs of equal deltas: a regularly logged chunk is a
 * run or two, so finding a step's position or the steps of a few points costs nothing like
 * decoding its 16,384 steps. The runs are read on first use: most chunks a read lists lie wholly
 * in its range, and their steps are never asked for.
 */
export class StepRuns {
  private parsed: { at: number; first: number; delta: number; count: number }[] | null = null;

  constructor(
    private readonly bytes: Uint8Array,
    readonly length: number,
  ) {}

  private get runs() {
    if (this.parsed) return this.parsed;
    const runs: { at: number; first: number; delta: number; count: number }[] = [];
    if (this.length > 0) {
      const pos = { p: 0 };
      let step = readVarint(this.bytes, pos);
      runs.push({ at: 0, first: step, delta: 1, count: 1 });
      let at = 1;
      while (at < this.length) {
        const delta = readVarint(this.bytes, pos);
        const count = readVarint(this.bytes, pos);
        runs.push({ at, first: step + delta, delta, count });
        step += delta * count;
        at += count;
      }
    }
    return (this.parsed = runs);
  }

  /** Index of the first step ≥ v (length if none). */
  lowerBound(v: number): number {
    for (const r of this.runs) {
      if (v <= r.first) return r.at;
      if (v <= r.first + r.delta * (r.count - 1)) return r.at + Math.ceil((v - r.first) / r.delta);
    }
    return this.length;
  }

  /** Index of the first step > v (length if none). */
  upperBound(v: number): number {
    for (const r of this.runs) {
      if (v < r.first) return r.at;
      if (v < r.first + r.delta * (r.count - 1)) return r.at + Math.floor((v - r.first) / r.delta) + 1;
    }
    return this.length;
  }

  /** The step of point i (0 ≤ i < length). */
  at(i: number): number {
    for (const r of this.runs) if (i < r.at + r.count) return r.first + r.delta * (i - r.at);
    return NaN;
  }

  /** The steps of points [a, b) (b cut to the length). */
  slice(a: number, b: number): Float64Array {
    const out = new Float64Array(Math.max(0, Math.min(b, this.length) - a));
    for (const r of this.runs) {
      const from = Math.max(a, r.at);
      const to = Math.min(b, r.at + r.count);
      for (let i = from; i < to; i++) out[i - a] = r.first + r.delta * (i - r.at);
    }
    return out;
  }
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
  let result = 0,
    mul = 1,
    b: number;
  do {
    b = bytes[pos.p++];
    result += (b & 0x7f) * mul;
    mul *= 0x80;
  } while (b & 0x80);
  return result;
}
