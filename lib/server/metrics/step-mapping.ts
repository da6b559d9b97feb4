import "server-only";

/** A monotone step → x mapping (epoch or wall time), interpolated linearly between known points. */
export class StepMapping {
  constructor(
    private readonly steps: ArrayLike<number>,
    private readonly xs: ArrayLike<number>,
  ) {}

  get empty(): boolean {
    return this.steps.length === 0;
  }

  first(): number {
    return this.xs[0];
  }

  toX(step: number): number {
    return interpolate(this.steps, this.xs, step);
  }

  toStep(x: number): number {
    return interpolate(this.xs, this.steps, x);
  }
}

/** Linear interpolation in a sorted table, clamped at both ends. */
function interpolate(from: ArrayLike<number>, to: ArrayLike<number>, v: number): number {
  const n = from.length;
  if (n === 0) return NaN;
  if (v <= from[0]) return to[0];
  if (v >= from[n - 1]) return to[n - 1];
  let a = 0,
    b = n - 1;
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if (from[m] <= v) a = m;
    else b = m;
  }
  const span = from[b] - from[a];
  return span === 0 ? to[a] : to[a] + ((v - from[a]) / span) * (to[b] - to[a]);
}
