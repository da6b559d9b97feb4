/**
 * TensorBoard's debiased EMA as a state that advances one point at a time: the one rule the
 * server smooths a series with (lib/charts/smoothing.ts's tensorBoardEma) and a live chart
 * continues it with (lib/client/compare-append.ts), so a point drawn from a metrics.appended
 * event gets the smoothed value a read of the whole series would give it.
 *
 * Per point v of weight w: last = last·w + (1−w)·v; debias = debias·w + (1−w); smoothed = last / debias.
 * A non-finite point (NaN, ±Inf: data) is passed through and restarts the state (Anneal's
 * resetAtGaps). A stretch whose values are all equal keeps its raw values (TensorBoard #786: no
 * float noise on flat lines): `level` tracks it.
 */
export interface EmaState {
  /** The weight, clamped as tensorBoardEma clamps it. */
  weight: number;
  last: number;
  /** 0 at the start of a stretch (before its first finite point). */
  debias: number;
  /** The stretch's value while every point of it is equal; null once two differ (or before its first point). */
  level: number | null;
}

export function emaStart(weight: number): EmaState {
  return { weight, last: 0, debias: 0, level: null };
}

/** Advances `s` over one point (in place). */
export function emaAdvance(s: EmaState, v: number): void {
  if (v - v !== 0) {
    // NaN or ±Inf (v − v is NaN only for those): the next finite point starts a new stretch.
    s.last = 0;
    s.debias = 0;
    s.level = null;
    return;
  }
  if (s.debias === 0) s.level = v;
  else if (s.level !== v) s.level = null;
  const keep = 1 - s.weight;
  s.last = s.last * s.weight + keep * v;
  s.debias = s.debias * s.weight + keep;
}

/** The smoothed value of point v just advanced over: non-finite and flat points as they are. */
export function emaValue(s: EmaState, v: number): number {
  return v - v !== 0 || s.level !== null ? v : s.last / s.debias;
}

/**
 * The smoothed values of `values` continuing from `s` (advanced in place over them): what
 * smoothing the whole series gives these points when they are its last ones. (A flat stretch that
 * an appended point ends keeps the raw values drawn for its earlier points: the whole series'
 * smoothing gives them the EMA of equal values, the same number to rounding.)
 */
export function emaContinue(s: EmaState, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    emaAdvance(s, v);
    out[i] = emaValue(s, v);
  }
  return out;
}
