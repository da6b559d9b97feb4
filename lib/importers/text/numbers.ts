const SPECIAL: Record<string, number> = {
  nan: NaN,
  "+nan": NaN,
  "-nan": NaN,
  inf: Infinity,
  "+inf": Infinity,
  "-inf": -Infinity,
  infinity: Infinity,
  "+infinity": Infinity,
  "-infinity": -Infinity,
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

const MAX_EXACT_MANTISSA = Number.MAX_SAFE_INTEGER;
/** Powers of ten that are exact doubles (up to 1e22), parsed rather than computed so each is exact. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Parses `text[start, end)` when it is a plain decimal (`-12.5`, `3e-4`), without slicing it out;
 * undefined for anything else (the caller falls back to parseNumber). A mantissa below 2^53 scaled
 * by an exact power of ten is one correctly rounded operation, so the double equals `+s` (Clinger's fast path).
 */
export function parseDecimal(text: string, start: number, end: number): number | undefined {
  // Never reads past `end`: charCodeAt's NaN there would make `c` a non-integer and slow the loops down.
  let i = start;
  let c = text.charCodeAt(i);
  const negative = c === 45;
  if (negative || c === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  for (; i < end; i++, digits++) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    mantissa = mantissa * 10 + (c - 48);
  }
  if (i < end && c === 46) {
    for (i++; i < end; i++, digits++, exponent--) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      mantissa = mantissa * 10 + (c - 48);
    }
  }
  if (digits === 0) return undefined;
  if (i < end && (c | 32) === 101) {
    i++;
    const negativeExp = i < end && text.charCodeAt(i) === 45;
    if (negativeExp || (i < end && text.charCodeAt(i) === 43)) i++;
    const expStart = i;
    let e = 0;
    for (; i < end && e < 1000; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      e = e * 10 + (c - 48);
    }
    if (i === expStart) return undefined;
    exponent += negativeExp ? -e : e;
  }
  if (i !== end || mantissa > MAX_EXACT_MANTISSA || exponent < -22 || exponent > 22) return undefined;
  const v = exponent < 0 ? mantissa / POW10[-exponent] : mantissa * POW10[exponent];
  return negative ? -v : v;
}
