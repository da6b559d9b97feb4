import { BLOCK_FIELDS, BLOCK_SIZES, B_STEP_LO, summarizeLevels } from "./chunk-codec";

/**
 * A series' block summaries at every stored level (BLOCK_SIZES), each chunk's blocks covering the
 * same points as the codec's stored ones: a read that took a chunk's level-L blocks of the raw
 * series can take the same blocks of the smoothed one.
 */
export interface ChunkedBlocks {
  /** Per level: all chunks' records in step order, and each chunk's first record keyed by its first step. */
  levels: { blocks: Float64Array; firstBlock: Map<number, number> }[];
}

/** Summaries of (steps, values), cut into chunks of the given lengths first. */
export function chunkedBlocks(steps: Float64Array, values: Float64Array, chunkLengths: ArrayLike<number>): ChunkedBlocks {
  const perChunk: Float64Array[][] = [];
  let at = 0;
  for (let c = 0; c < chunkLengths.length; c++) {
    const end = at + chunkLengths[c];
    perChunk.push(summarizeLevels(steps.subarray(at, end), values.subarray(at, end)));
    at = end;
  }
  const levels = BLOCK_SIZES.map((_, l) => {
    const blocks = new Float64Array(perChunk.reduce((sum, chunk) => sum + chunk[l].length, 0));
    const firstBlock = new Map<number, number>();
    let o = 0;
    for (const chunk of perChunk) {
      firstBlock.set(chunk[l][B_STEP_LO], o / BLOCK_FIELDS);
      blocks.set(chunk[l], o);
      o += chunk[l].length;
    }
    return { blocks, firstBlock };
  });
  return { levels };
}

/** The records of the chunk starting at `stepLo` (n points) at block size `size`; undefined if not held. */
export function chunkLevel(cached: ChunkedBlocks, stepLo: number, n: number, size: number): Float64Array | undefined {
  const level = cached.levels[BLOCK_SIZES.indexOf(size as (typeof BLOCK_SIZES)[number])];
  const first = level?.firstBlock.get(stepLo);
  if (first === undefined) return undefined;
  return level.blocks.subarray(first * BLOCK_FIELDS, (first + Math.ceil(n / size)) * BLOCK_FIELDS);
}
