import type { XY } from "@/lib/charts/series";
import { mean, std } from "@/lib/analysis/stats";
import { configValueKey, flattenConfig } from "./config-diff";
import type { RunSummary } from "./summary";

export interface MeanStd {
  mean: number | null;
  std: number | null;
}

/** Sample std (n − 1: the runs are a sample of seeds); 0 for one value; both null for none. */
function meanStd(values: readonly number[]): MeanStd {
  return values.length === 0 ? { mean: null, std: null } : { mean: mean(values), std: std(values) };
}

export interface GroupableRun {
  id: string;
  config: Record<string, unknown>;
  summary: Pick<RunSummary, "best" | "stepsTo95">;
}

/** One arm of a comparison, as in the compare API's `groups`. */
export interface RunGroup {
  /** Group-by key → this group's value (null when the runs lack the key). */
  key: Record<string, unknown>;
  /** `optimizer=AdamW, schedule=poly`. */
  label: string;
  runIds: string[];
  n: number;
  /** Over the runs with a finite best; std is the sample std (n − 1), 0 for a single run. */
  best: MeanStd & { min: number | null; max: number | null };
  stepsTo95: MeanStd;
}

/** How a config value reads in a label or grid header; a missing key reads `(unset)`. */
export function formatConfigValue(v: unknown): string {
  if (v === null || v === undefined) return "(unset)";
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
}

/** Groups runs by the values of one or more (flattened, `a.b`) config keys, sorted by those values. */
export function groupRuns(runs: readonly GroupableRun[], keys: readonly string[]): RunGroup[] {
  const byValue = new Map<string, { values: unknown[]; runs: GroupableRun[] }>();
  for (const run of runs) {
    const flat = flattenConfig(run.config);
    const values = keys.map((k) => flat[k] ?? null);
    const id = configValueKey(values);
    const entry = byValue.get(id);
    if (entry) entry.runs.push(run);
    else byValue.set(id, { values, runs: [run] });
  }
  return [...byValue.values()]
    .sort((a, b) => compareTuples(a.values, b.values))
    .map(({ values, runs: members }) => {
      const bests = members.map((r) => r.summary.best).filter(isFiniteNumber);
      const steps = members.map((r) => r.summary.stepsTo95).filter(isFiniteNumber);
      return {
        key: Object.fromEntries(keys.map((k, i) => [k, values[i]])),
        label: keys.map((k, i) => `${k}=${formatConfigValue(values[i])}`).join(", "),
        runIds: members.map((r) => r.id),
        n: members.length,
        best: {
          ...meanStd(bests),
          min: bests.length > 0 ? Math.min(...bests) : null,
          max: bests.length > 0 ? Math.max(...bests) : null,
        },
        stepsTo95: meanStd(steps),
      };
    });
}

function isFiniteNumber(v: number | null): v is number {
  return v !== null && Number.isFinite(v);
}

/** Numbers numerically, then strings naturally, missing values last. */
function compareTuples(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return formatConfigValue(a).localeCompare(formatConfigValue(b), undefined, { numeric: true });
}

/** A group's curve on a common grid: per grid x, statistics over the runs that cover that x. */
export interface GroupCurve {
  x: number[];
  mean: number[];
  /** Sample std (n − 1), 0 where one run covers the x. */
  std: number[];
  min: number[];
  max: number[];
  /** Runs contributing at each x. */
  n: number[];
}

/**
 * Mean curve of runs logged at different steps or densities. Grid: the union of the runs' x
 * values, or `gridPoints` evenly spaced x over their joint range. A run contributes at a grid x
 * only inside its own [first x, last x] (never extrapolated), by linear interpolation between
 * its neighbouring points, and only if both are finite (a diverged seed drops out rather than
 * turning the mean into NaN). Grid points no run covers are left out.
 */
export function groupCurve(series: readonly XY[], { gridPoints }: { gridPoints?: number } = {}): GroupCurve {
  const grid = gridPoints && gridPoints > 1 ? evenGrid(series, gridPoints) : unionGrid(series);
  const m = grid.length;
  const n = new Float64Array(m);
  const mean = new Float64Array(m);
  const m2 = new Float64Array(m);
  const min = new Float64Array(m).fill(Infinity);
  const max = new Float64Array(m).fill(-Infinity);
  for (const { x, y } of series) {
    if (x.length === 0) continue;
    let j = 0;
    for (let g = 0; g < m; g++) {
      const gx = grid[g];
      if (gx < x[0] || gx > x[x.length - 1]) continue;
      while (j + 1 < x.length && x[j + 1] <= gx) j++;
      const v = x[j] === gx ? y[j] : y[j] + ((y[j + 1] - y[j]) * (gx - x[j])) / (x[j + 1] - x[j]);
      if (!Number.isFinite(v)) continue;
      // Welford's update: one pass, no cancellation.
      n[g]++;
      const d = v - mean[g];
      mean[g] += d / n[g];
      m2[g] += d * (v - mean[g]);
      if (v < min[g]) min[g] = v;
      if (v > max[g]) max[g] = v;
    }
  }
  const out: GroupCurve = { x: [], mean: [], std: [], min: [], max: [], n: [] };
  for (let g = 0; g < m; g++) {
    if (n[g] === 0) continue;
    out.x.push(grid[g]);
    out.mean.push(mean[g]);
    out.std.push(n[g] > 1 ? Math.sqrt(m2[g] / (n[g] - 1)) : 0);
    out.min.push(min[g]);
    out.max.push(max[g]);
    out.n.push(n[g]);
  }
  return out;
}

/** The shaded band around a group's mean: min–max, or mean ± 1 std. */
export function curveBand(curve: GroupCurve, kind: "minmax" | "std"): { x: number[]; lower: number[]; upper: number[] } {
  if (kind === "minmax") return { x: curve.x, lower: curve.min, upper: curve.max };
  return {
    x: curve.x,
    lower: curve.mean.map((m, i) => m - curve.std[i]),
    upper: curve.mean.map((m, i) => m + curve.std[i]),
  };
}

function unionGrid(series: readonly XY[]): number[] {
  const all = new Set<number>();
  for (const s of series) for (let i = 0; i < s.x.length; i++) all.add(s.x[i]);
  return [...all].sort((a, b) => a - b);
}

function evenGrid(series: readonly XY[], points: number): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { x } of series) {
    if (x.length === 0) continue;
    lo = Math.min(lo, x[0]);
    hi = Math.max(hi, x[x.length - 1]);
  }
  if (!(hi >= lo)) return [];
  if (hi === lo) return [lo];
  return Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
}

export interface GridCell {
  runIds: string[];
  n: number;
  best: MeanStd;
}

/** Two-key grid: `rowKey` values as rows, `colKey` values as columns; null where no run falls. */
export interface GroupGrid {
  rowKey: string;
  colKey: string;
  rows: unknown[];
  cols: unknown[];
  cells: (GridCell | null)[][];
}

export function groupGrid(runs: readonly GroupableRun[], rowKey: string, colKey: string): GroupGrid {
  const groups = groupRuns(runs, [rowKey, colKey]);
  const rows = distinctSorted(groups.map((g) => g.key[rowKey]));
  const cols = distinctSorted(groups.map((g) => g.key[colKey]));
  const rowIndex = new Map(rows.map((v, i) => [configValueKey(v), i]));
  const colIndex = new Map(cols.map((v, i) => [configValueKey(v), i]));
  const cells: (GridCell | null)[][] = rows.map(() => cols.map(() => null));
  for (const g of groups) {
    const r = rowIndex.get(configValueKey(g.key[rowKey])) as number;
    const c = colIndex.get(configValueKey(g.key[colKey])) as number;
    cells[r][c] = { runIds: g.runIds, n: g.n, best: { mean: g.best.mean, std: g.best.std } };
  }
  return { rowKey, colKey, rows, cols, cells };
}

function distinctSorted(values: unknown[]): unknown[] {
  const seen = new Map(values.map((v) => [configValueKey(v), v]));
  return [...seen.values()].sort(compareValues);
}
