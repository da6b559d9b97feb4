const SPECIAL: Record<string, number> = {
  nan: NaN, "+nan": NaN, "-nan": NaN,
  inf: Infinity, "+inf": Infinity, "-inf": -Infinity,
  infinity: Infinity, "+infinity": Infinity, "-infinity": -Infinity,
};

/**
 * Parses a metric cell: null when empty, undefined when not a number. Accepts the NaN and
 * infinity spellings Python, NumPy, pandas and C print (`nan`, `NaN`, `inf`, `-Infinity`, …).
 */
export function parseNumber(raw: string): number | null | undefined {
  let s = raw;
  if (s.length === 0) return null;
  const c0 = s.charCodeAt(0);
  const cl = s.charCodeAt(s.length - 1);
  // Only trim when needed: the hot path is a clean decimal.
  if (c0 <= 32 || cl <= 32) {
    s = s.trim();
    if (s.length === 0) return null;
  }
  const n = +s;
  if (n === n && n !== Infinity && n !== -Infinity) {
    // `+` also accepts hex/binary/octal literals, which are not metric values.
    const c1 = s.charCodeAt(1);
    if (s.length > 1 && s.charCodeAt(0) === 48 && (c1 | 32) >= 97 && (c1 | 32) !== 101) return undefined;
    return n;
  }
  return SPECIAL[s.toLowerCase()];
}

/** A JSON value as a metric: numbers, and strings that spell a number (`"NaN"`, `"Infinity"`, `"1e-3"`). */
export function numberFromJson(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const n = parseNumber(v);
    return n === null ? undefined : n;
  }
  return undefined;
}
