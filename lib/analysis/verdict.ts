import { flattenConfig, isSeedKey } from "@/lib/compare/config-diff";
import { bestIndex, firstReaching } from "@/lib/compare/summary";
import { formatScore } from "./format";
import { mean, std } from "./stats";
import type { Mode, RunConfig, Series } from "./types";

/**
 * Controlled comparison across runs: arms are groups of runs by the config keys that define them
 * (never seed-like keys); the verdict says which arm is better on the best validation metric,
 * whether that beats seed noise, which converges faster, which is more stable, and what confounds it.
 */

export interface VerdictRun {
  id: string;
  config: RunConfig;
  /** The main validation metric over steps. */
  metric: Series;
}

export interface VerdictInput {
  runs: VerdictRun[];
  metric: string;
  mode: Mode;
  /** Config keys defining the arms; default: optimizer if it differs, else schedule, else every differing key. */
  groupBy?: string[];
}

export interface CompareGroup {
  key: Record<string, unknown>;
  label: string;
  runIds: string[];
  n: number;
  best: { mean: number; std: number; min: number; max: number };
  stepsTo95: { mean: number; std: number };
  /** Other keys constant within this arm and different between arms (part of its definition). */
  definition: Record<string, unknown>;
}

export interface Verdict {
  metric: string;
  mode: Mode;
  arms: string[];
  better: string | null;
  difference: number | null;
  exceedsSeedNoise: boolean | null;
  fasterToConverge: string | null;
  moreStable: string | null;
  confounders: string[];
  text: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Keys whose values differ between the runs (a key missing in some runs differs). */
export function differingKeys(configs: Record<string, unknown>[]): string[] {
  const keys = new Set(configs.flatMap((c) => Object.keys(c)));
  return [...keys].filter((k) => configs.some((c) => !same(c[k], configs[0][k]))).sort();
}

function best(values: readonly number[], mode: Mode): { value: number; index: number } {
  const index = bestIndex(values, mode);
  return { value: index < 0 ? NaN : values[index], index };
}

/** First step where the metric comes within (1 − frac)·|best| of its best (the compare summary's rule). */
export function stepsToFraction(s: Series, mode: Mode, frac: number): number | null {
  const b = best(s.values, mode);
  if (b.index < 0) return null;
  const i = firstReaching(s.values, mode, b.value, frac);
  return i < 0 ? null : s.steps[i];
}

/** Mean relative change between consecutive evaluations once 95% of the best is reached; ∞ if non-finite. */
function instability(s: Series, mode: Mode): number {
  if (s.values.some((v) => !Number.isFinite(v))) return Infinity;
  const b = best(s.values, mode).value;
  const from = stepsToFraction(s, mode, 0.95);
  const start = from === null ? 0 : s.steps.indexOf(from);
  const d: number[] = [];
  for (let i = start + 1; i < s.values.length; i++) d.push(Math.abs(s.values[i] - s.values[i - 1]) / Math.abs(b || 1));
  return d.length ? mean(d) : 0;
}

const fmt = formatScore;

export function compareVerdict(input: VerdictInput): { groups: CompareGroup[]; verdict: Verdict | null } {
  const { runs, mode, metric } = input;
  const flat = runs.map((r) => flattenConfig(r.config));
  const differing = differingKeys(flat).filter((k) => !isSeedKey(k));
  const groupBy = input.groupBy ?? (differing.includes("optimizer") ? ["optimizer"] : differing.includes("schedule") ? ["schedule"] : differing);

  const armsMap = new Map<string, number[]>();
  flat.forEach((c, i) => {
    const label = groupBy.length ? groupBy.map((k) => `${k}=${String(c[k])}`).join(", ") : "all";
    armsMap.set(label, [...(armsMap.get(label) ?? []), i]);
  });
  const otherKeys = differing.filter((k) => !groupBy.includes(k));
  const confounders = otherKeys.filter((k) => [...armsMap.values()].some((idx) => idx.some((i) => !same(flat[i][k], flat[idx[0]][k]))));

  const perRun = runs.map((r) => ({
    best: best(r.metric.values, mode).value,
    to95: stepsToFraction(r.metric, mode, 0.95),
    instability: instability(r.metric, mode),
  }));
  const groups: CompareGroup[] = [...armsMap.entries()].map(([label, idx]) => {
    const bests = idx.map((i) => perRun[i].best).filter(Number.isFinite);
    const to95 = idx.map((i) => perRun[i].to95).filter((x): x is number => x !== null);
    const definition: Record<string, unknown> = {};
    for (const k of otherKeys) if (!confounders.includes(k)) definition[k] = flat[idx[0]][k];
    return {
      key: Object.fromEntries(groupBy.map((k) => [k, flat[idx[0]][k]])),
      label,
      runIds: idx.map((i) => runs[i].id),
      n: idx.length,
      best: { mean: mean(bests), std: std(bests), min: Math.min(...bests), max: Math.max(...bests) },
      stepsTo95: { mean: mean(to95), std: std(to95) },
      definition,
    };
  });
  if (groups.length < 2) return { groups, verdict: null };

  const sign = mode === "max" ? 1 : -1;
  const ranked = [...groups].filter((g) => Number.isFinite(g.best.mean)).sort((a, b) => sign * (b.best.mean - a.best.mean));
  const [top, second] = ranked;
  const better = top && second && top.best.mean !== second.best.mean ? top : null;
  const difference = top && second ? top.best.mean - second.best.mean : null;
  const seeded = groups.every((g) => g.n >= 2);
  // "Beyond seed noise": the gap exceeds twice its standard error across seeds.
  const exceedsSeedNoise =
    seeded && top && second && difference !== null ? Math.abs(difference) > 2 * Math.sqrt(top.best.std ** 2 / top.n + second.best.std ** 2 / second.n) : null;
  const byConv = groups.filter((g) => Number.isFinite(g.stepsTo95.mean)).sort((a, b) => a.stepsTo95.mean - b.stepsTo95.mean);
  const faster = byConv.length >= 2 && byConv[0].stepsTo95.mean < byConv[1].stepsTo95.mean ? byConv[0] : null;
  const armInstab = groups.map((g) => ({ g, v: mean(g.runIds.map((id) => perRun[runs.findIndex((r) => r.id === id)].instability)) })).sort((a, b) => a.v - b.v);
  const stable = armInstab[0].v < armInstab[1].v ? armInstab[0].g : null;

  const parts: string[] = [];
  const desc = (g: CompareGroup) => `${g.label} (n=${g.n}: best ${metric} ${fmt(g.best.mean)}${g.n > 1 ? ` ± ${fmt(g.best.std)}` : ""})`;
  if (better && second && difference !== null) {
    parts.push(
      `${desc(better)} beats ${desc(second)} by ${fmt(Math.abs(difference))}${
        exceedsSeedNoise === null
          ? " (fewer than 2 seeds per arm, so seed noise is unknown)"
          : exceedsSeedNoise
            ? ", more than the seed-to-seed noise"
            : ", which is within the seed-to-seed noise"
      }.`,
    );
  } else {
    parts.push(`The arms reach the same best ${metric}.`);
  }
  if (faster) parts.push(`${faster.label} converges faster (95% of its best after ${Math.round(faster.stepsTo95.mean)} steps on average).`);
  if (stable) parts.push(`${stable.label} is more stable.`);
  parts.push(
    confounders.length ? `The comparison is confounded by ${confounders.join(", ")}, which vary within an arm.` : "No other setting varies within an arm.",
  );

  return {
    groups,
    verdict: {
      metric,
      mode,
      arms: groups.map((g) => g.label),
      better: better?.label ?? null,
      difference,
      exceedsSeedNoise,
      fasterToConverge: faster?.label ?? null,
      moreStable: stable?.label ?? null,
      confounders,
      text: parts.join(" "),
    },
  };
}
