import { formatScore } from "./format";
import type { Mode } from "./types";
import type { CompareGroup } from "./verdict";

/**
 * The verdict "vs baseline": every compared run (and, when runs are grouped, every arm) against
 * the pinned baseline run's best value — how far ahead or behind, and for arms of several seeds
 * whether the gap exceeds their seed noise.
 */

export interface BaselineRunResult {
  id: string;
  name: string;
  best: number | null;
  /** best − baseline best, signed so that + is better. */
  gain: number | null;
  better: boolean | null;
}

export interface BaselineArmResult {
  label: string;
  n: number;
  mean: number;
  gain: number;
  better: boolean;
  /** The gap exceeds twice the arm's standard error (null with a single seed). */
  beyondSeedNoise: boolean | null;
}

export interface BaselineVerdict {
  baselineId: string;
  baselineName: string;
  metric: string;
  mode: Mode;
  baselineBest: number | null;
  runs: BaselineRunResult[];
  arms: BaselineArmResult[];
  text: string;
}

export interface BaselineInput {
  baselineId: string;
  runs: { id: string; name: string; best: number | null }[];
  /** Arms without the baseline run (from compareVerdict's groups, when grouped). */
  groups?: CompareGroup[];
  metric: string;
  mode: Mode;
}

const signed = (x: number) => `${x >= 0 ? "+" : "−"}${formatScore(Math.abs(x))}`;

export function baselineVerdict(input: BaselineInput): BaselineVerdict | null {
  const base = input.runs.find((r) => r.id === input.baselineId);
  if (!base) return null;
  const sign = input.mode === "max" ? 1 : -1;
  const baseBest = base.best !== null && Number.isFinite(base.best) ? base.best : null;
  const gainOf = (v: number | null) => (v === null || baseBest === null || !Number.isFinite(v) ? null : sign * (v - baseBest));
  const runs = input.runs
    .filter((r) => r.id !== base.id)
    .map((r) => {
      const gain = gainOf(r.best);
      return { id: r.id, name: r.name, best: r.best, gain, better: gain === null ? null : gain > 0 };
    });
  const arms = (input.groups ?? [])
    .filter((g) => !(g.runIds.length === 1 && g.runIds[0] === base.id) && Number.isFinite(g.best.mean))
    .map((g) => {
      const gain = gainOf(g.best.mean) ?? 0;
      const beyondSeedNoise = g.n >= 2 ? Math.abs(gain) > (2 * g.best.std) / Math.sqrt(g.n) : null;
      return { label: g.label, n: g.n, mean: g.best.mean, gain, better: gain > 0, beyondSeedNoise };
    });
  return {
    baselineId: base.id,
    baselineName: base.name,
    metric: input.metric,
    mode: input.mode,
    baselineBest: baseBest,
    runs,
    arms,
    text: describe(base.name, baseBest, runs, arms, input.metric),
  };
}

function describe(name: string, baseBest: number | null, runs: BaselineRunResult[], arms: BaselineArmResult[], metric: string): string {
  if (baseBest === null) return `The baseline ${name} has no ${metric} yet, so nothing can be compared with it.`;
  const head = `Vs baseline ${name} (best ${metric} ${formatScore(baseBest)}):`;
  if (arms.length) {
    const lines = arms.map(
      (a) =>
        `${a.label} (n=${a.n}) ${formatScore(a.mean)}, ${signed(a.gain)} ${a.better ? "better" : a.gain === 0 ? "even" : "worse"}` +
        (a.beyondSeedNoise === null ? "" : a.beyondSeedNoise ? ", beyond its seed noise" : ", within its seed noise"),
    );
    return `${head} ${lines.join("; ")}.`;
  }
  const scored = runs.filter((r) => r.gain !== null) as (BaselineRunResult & { gain: number })[];
  if (!scored.length) return `${head} no other run has a ${metric} yet.`;
  const beat = scored.filter((r) => r.gain > 0);
  const best = scored.reduce((a, b) => (b.gain > a.gain ? b : a));
  const tail = best.gain > 0 ? ` Best: ${best.name} ${signed(best.gain)}.` : ` Closest: ${best.name} ${signed(best.gain)}.`;
  return `${head} ${beat.length} of ${scored.length} run${scored.length === 1 ? "" : "s"} beat${scored.length === 1 && beat.length === 1 ? "s" : ""} it.${tail}`;
}
