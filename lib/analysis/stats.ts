/** Small numeric helpers used across the analysis modules. */

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : NaN;
}

/** Sample standard deviation (n − 1); 0 for a single value. */
export function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const a = Float64Array.from(xs).sort();
  const h = a.length >> 1;
  return a.length % 2 ? a[h] : (a[h - 1] + a[h]) / 2;
}

/** Median absolute deviation scaled to a normal σ. */
export function robustSigma(xs: readonly number[]): number {
  const m = median(xs);
  return 1.4826 * median(xs.map((x) => Math.abs(x - m)));
}

/** At most `max` evenly spaced indices of [0, n) (always including both ends). */
export function strideIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  const step = (n - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(Math.round(k * step));
  return out;
}

/** Exponential moving average with bias correction, so early values are not pulled to 0. */
export function ema(values: readonly number[], alpha: number): number[] {
  const out = new Array<number>(values.length);
  let acc = 0;
  let weight = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      acc = (1 - alpha) * acc + alpha * v;
      weight = (1 - alpha) * weight + alpha;
    }
    out[i] = weight > 0 ? acc / weight : NaN;
  }
  return out;
}

/** Least squares y = a + b·x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): { a: number; b: number; rms: number } {
  const n = xs.length;
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i];
    sy += ys[i];
    sxx += xs[i] * xs[i];
    sxy += xs[i] * ys[i];
  }
  const d = n * sxx - sx * sx;
  const b = d === 0 ? 0 : (n * sxy - sx * sy) / d;
  const a = (sy - b * sx) / n;
  let r = 0;
  for (let i = 0; i < n; i++) r += (ys[i] - a - b * xs[i]) ** 2;
  return { a, b, rms: Math.sqrt(r / Math.max(1, n)) };
}

/** Minimise a unimodal f on [lo, hi] by golden-section search. */
export function goldenMin(f: (x: number) => number, lo: number, hi: number, iters = 60): { x: number; fx: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo,
    b = hi;
  let c = b - g * (b - a),
    d = a + g * (b - a);
  let fc = f(c),
    fd = f(d);
  for (let i = 0; i < iters; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? { x: c, fx: fc } : { x: d, fx: fd };
}

/** Grid search on a log scale followed by golden refinement around the best grid point. */
export function logGridMin(f: (x: number) => number, lo: number, hi: number, grid = 40): { x: number; fx: number } {
  const r = Math.log(hi / lo);
  let bestK = 0,
    bestF = Infinity;
  const xs: number[] = [];
  for (let k = 0; k <= grid; k++) {
    const x = lo * Math.exp((r * k) / grid);
    xs.push(x);
    const fx = f(x);
    if (fx < bestF) {
      bestF = fx;
      bestK = k;
    }
  }
  const refined = goldenMin(f, xs[Math.max(0, bestK - 1)], xs[Math.min(grid, bestK + 1)]);
  return refined.fx <= bestF ? refined : { x: xs[bestK], fx: bestF };
}

export function round(x: number, digits: number): number {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}
