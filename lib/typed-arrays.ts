type NumericArray = Float64Array | Float32Array | Uint8Array;
type ArrayOf<T extends NumericArray> = { new (length: number): T; new (buffer: ArrayBuffer, byteOffset: number, length: number): T };

/**
 * The arrays end to end in one new array of the same type (or the one part itself). With
 * `viewIfAdjacent`, parts that already lie side by side in one buffer (chunks fetched together)
 * come back as a view of it instead of a copy.
 */
export function concatArrays<T extends NumericArray>(type: ArrayOf<T>, parts: readonly ArrayLike<number>[], opts: { viewIfAdjacent?: boolean } = {}): T {
  const total = parts.reduce((n, p) => n + p.length, 0);
  if (parts.length === 1 && parts[0] instanceof type) return parts[0];
  if (opts.viewIfAdjacent && parts.length > 0 && parts.every((p) => p instanceof type) && adjacent(parts as T[])) {
    const first = parts[0] as T;
    return new type(first.buffer as ArrayBuffer, first.byteOffset, total);
  }
  const out = new type(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function adjacent(parts: NumericArray[]): boolean {
  return parts.every((p, i) => i === 0 || (p.buffer === parts[0].buffer && p.byteOffset === parts[i - 1].byteOffset + parts[i - 1].byteLength));
}
