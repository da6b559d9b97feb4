import { withAlpha } from "@/lib/charts/colors";
import { markerDataset, seriesDatasets, type SeriesDataset } from "@/lib/charts/datasets";
import type { XY } from "@/lib/charts/series";
import { lowerBound } from "@/lib/sorted-search";
import { MAX_EMA_WEIGHT, smooth, type Smoothing } from "@/lib/charts/smoothing";
import { curveBand, groupCurve } from "./groups";
import type { CsvColumn } from "./csv";
import type { DecodedSeries } from "@/lib/metrics/series-binary";
import type { AnyDataset } from "@/lib/charts/chart-types";
import type { ArrayLine, Envelope } from "@/lib/charts/layers";
import type { AxisPlan } from "./axis-plan";
import type { BandKind, SmoothingKind } from "./url-state";

/**
 * Prepare, then draw: API series → Chart.js datasets for one compare chart. Pure, so the chart
 * component only hands the result to the one Chart.js wrapper.
 */

export interface RunSeriesInput {
  id: string;
  name: string;
  color: string;
  plan: AxisPlan | null;
  /** The run's series read (key → series), undefined while loading. */
  series: Record<string, DecodedSeries> | undefined;
}

export interface GroupInput {
  label: string;
  color: string;
  runIds: readonly string[];
}

export interface ChartDataInput {
  keys: readonly string[];
  /** Visible runs, in legend order. */
  runs: readonly RunSeriesInput[];
  /** When grouping: one mean line (and band) per group instead of one line per run. */
  groups: readonly GroupInput[] | null;
  smoothing: SmoothingKind;
  strength: number;
  band: BandKind;
  showRaw: boolean;
  /** A run id or group label hovered in the legend: everything else fades. */
  highlight: string | null;
}

/** A drawn line, for the synchronised tooltip: its value at any x is looked up here. */
export interface HoverLine {
  owner: string;
  label: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface ChartData {
  datasets: AnyDataset[];
  /**
   * Runs' lines and downsampled runs' min/max envelopes, drawn from their arrays (many long series:
   * see lib/charts/layers.ts); `datasets` then holds their NaN/Inf markers and the groups' lines.
   */
  layers: { envelopes: Envelope[]; lines: ArrayLine[] };
  /** Bands and raw lines under a smoothed one: drawn, but not counted as series or listed. */
  auxiliary: WeakSet<object>;
  lines: HoverLine[];
  /** Some series came back downsampled: smoothing then ran over bucket values, not every point. */
  downsampled: boolean;
}

const FADED_ALPHA = 0.12;
const ENVELOPE_ALPHA = 0.3;
const RAW_ALPHA_UNDER_SMOOTHED = 0.25;
/** Above this many points in all members, a group's mean is taken on an even grid, not the union of x. */
const UNION_GRID_LIMIT = 6000;
const EVEN_GRID_POINTS = 2000;
const SECOND_KEY_DASH = [6, 3];

type Displayed = XY & { data: DecodedSeries };

/** A run's series for one key, on the display x axis. */
export function displaySeries(run: RunSeriesInput, key: string): Displayed | null {
  const data = run.series?.[key];
  if (!data || !run.plan || data.x.length === 0) return null;
  const scale = run.plan.scale;
  return { x: scale === 1 ? data.x : data.x.map((v) => v * scale), y: data.y, data };
}

/** Mean x spacing of the full-resolution data behind a returned series (count = points in range). */
function rawSpacing(s: Displayed): number {
  const n = s.x.length;
  return n > 1 && s.data.count > 1 ? (s.x[n - 1] - s.x[0]) / (s.data.count - 1) : NaN;
}

/** The EMA's half-life in points for a strength w: ln ½ / ln w (0.6 → 1.4 points, 0.9 → 6.6, 0.99 → 69). */
function halfLifePoints(strength: number): number {
  return strength > 0 && strength < 1 ? Math.log(0.5) / Math.log(strength) : 0;
}

/**
 * One strength slider for every kind. EMA takes it as TensorBoard's weight. The others turn it
 * into the EMA's half-life in points: the running mean spans that many points either side; the
 * x-based kinds turn it into x units through the chart's densest logging (`spacing`), so a
 * per-iteration and a per-epoch run on one chart are smoothed over the same stretch of training.
 * The browser's fallback when the server did not smooth (see below).
 */
export function smoothingFor(kind: SmoothingKind, strength: number, spacing: number): Smoothing {
  const span = Number.isFinite(spacing) && spacing > 0 ? halfLifePoints(strength) * spacing : 0;
  switch (kind) {
    case "none":
      return { kind: "none" };
    case "ema":
      return { kind: "ema", weight: strength };
    case "time-ema":
      return { kind: "time-ema", halfLife: span };
    case "gaussian":
      return { kind: "gaussian", sigma: span };
    case "running":
      return { kind: "running", window: 2 * Math.round(halfLifePoints(strength)) + 1 };
  }
}

/**
 * The `smooth` parameter that has the server smooth every logged point (then bucket the result),
 * or null to leave it to the browser. EMA and running mean count logged points; the x-based kinds
 * need the chart's densest logging in steps, so they go to the server on step-based axes only.
 */
export function serverSmoothing(kind: SmoothingKind, strength: number, stepSpacing: number | null): string | null {
  const h = halfLifePoints(strength);
  switch (kind) {
    case "none":
      return null;
    case "ema":
      return `ema:${Math.min(Math.max(strength, 0), MAX_EMA_WEIGHT)}`;
    case "running":
      return `running:${2 * Math.round(h) + 1}`;
    case "time-ema":
    case "gaussian":
      return stepSpacing !== null && stepSpacing > 0 && h > 0 ? `${kind}:${h * stepSpacing}` : null;
  }
}

/**
 * Whether two lists of runs draw the same on a chart of these keys: the same runs in the same
 * order, names, colours, axis plans, and the very same series read for each key. A new list of
 * equal runs (the compare answer arriving with its own run objects, another chart's read coming
 * in) then doesn't rebuild and redraw the chart.
 */
export function sameDrawnRuns(a: readonly RunSeriesInput[], b: readonly RunSeriesInput[], keys: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((r, i) => {
    const o = b[i];
    const samePlan = r.plan === o.plan || (r.plan !== null && o.plan !== null && r.plan.server === o.plan.server && r.plan.scale === o.plan.scale);
    return r.id === o.id && r.name === o.name && r.color === o.color && samePlan && keys.every((k) => r.series?.[k] === o.series?.[k]);
  });
}

export function buildChartData(input: ChartDataInput): ChartData {
  const { keys, runs, groups, smoothing, strength } = input;
  const perKey = keys.map((key) => runs.map((run) => ({ run, s: displaySeries(run, key) })));
  const all = perKey.flat().flatMap(({ s }) => (s ? [s] : []));
  const spacing = Math.min(...all.map(rawSpacing).filter((v) => v > 0));
  const smoothed = (s: Displayed): XY | undefined => {
    if (smoothing === "none") return undefined;
    // The server's smoothing ran over every logged point; the browser's only sees the returned ones.
    if (s.data.smoothed) return { x: s.x, y: s.data.smoothed };
    return { x: s.x, y: smooth(s, smoothingFor(smoothing, strength, spacing)) };
  };

  const out: ChartData = {
    datasets: [],
    layers: { envelopes: [], lines: [] },
    auxiliary: new WeakSet(),
    lines: [],
    downsampled: all.some((s) => s.data.downsampled),
  };
  // A group's mean line and band: few, and the band needs Chart.js's fill, so they stay datasets.
  const addGroup = (owner: string, color: string, keyIndex: number, parts: SeriesDataset[]) => {
    const faded = input.highlight !== null && input.highlight !== owner;
    for (const { role, dataset } of parts) {
      const ds = dataset as AnyDataset & { borderDash?: number[]; borderColor?: unknown; backgroundColor?: unknown };
      if (keyIndex > 0 && role !== "markers") ds.borderDash = SECOND_KEY_DASH;
      if (faded) {
        ds.borderColor = withAlpha(color, FADED_ALPHA);
        ds.backgroundColor = withAlpha(color, role.startsWith("band") ? FADED_ALPHA / 3 : FADED_ALPHA);
      }
      if (role === "band-upper" || role === "band-lower") out.auxiliary.add(ds);
      out.datasets.push(ds);
    }
  };
  const labelFor = (name: string, key: string) => (keys.length > 1 ? `${name} · ${key}` : name);

  perKey.forEach((items, keyIndex) => {
    const key = keys[keyIndex];
    if (groups) {
      for (const group of groups) {
        const members = items.filter(({ run, s }) => s && group.runIds.includes(run.id)).map(({ s }) => smoothed(s!) ?? s!);
        if (members.length === 0) continue;
        const total = members.reduce((n, m) => n + m.x.length, 0);
        const curve = groupCurve(members, total > UNION_GRID_LIMIT ? { gridPoints: EVEN_GRID_POINTS } : {});
        const label = labelFor(`${group.label} (n=${members.length})`, key);
        const raw = { x: curve.x, y: curve.mean };
        addGroup(group.label, group.color, keyIndex, seriesDatasets({ label, color: group.color, raw, band: curveBand(curve, input.band) }));
        out.lines.push({ owner: group.label, label, color: group.color, ...raw });
      }
      return;
    }
    for (const { run, s } of items) {
      if (!s) continue;
      const sm = smoothed(s);
      const label = labelFor(run.name, key);
      const faded = input.highlight !== null && input.highlight !== run.id;
      const color = faded ? withAlpha(run.color, FADED_ALPHA) : run.color;
      const dash = keyIndex > 0 ? SECOND_KEY_DASH : undefined;
      // A downsampled series keeps each bucket's extremes: drawn as a faint envelope so spikes stay
      // visible. Under a smoothed line the envelope is the raw data's picture: no raw line then.
      const { min, max } = s.data;
      if (s.data.downsampled && min && max && input.showRaw) {
        // With the line drawn over it, bars the line covers are left out (lib/charts/envelope-bars.ts).
        const line = (sm ?? s).y;
        out.layers.envelopes.push({ x: s.x, lower: min, upper: max, line, color: withAlpha(run.color, faded ? FADED_ALPHA / 3 : ENVELOPE_ALPHA) });
      }
      if (!sm) out.layers.lines.push({ label, x: s.x, y: s.y, color, width: 1.5, dash });
      else {
        if (input.showRaw && !s.data.downsampled) {
          const faint = withAlpha(run.color, faded ? FADED_ALPHA / 3 : RAW_ALPHA_UNDER_SMOOTHED);
          out.layers.lines.push({ label: `${label} (raw)`, x: s.x, y: s.y, color: faint, width: 1, dash, auxiliary: true });
        }
        out.layers.lines.push({ label, x: sm.x, y: sm.y, color, width: 2, dash });
      }
      const markers = markerDataset(label, color, s);
      if (markers) out.datasets.push(markers);
      out.lines.push({ owner: run.id, label, color: run.color, ...(sm ?? s) });
    }
  });
  return out;
}

export interface HoverValue {
  label: string;
  color: string;
  value: number;
}

/**
 * Every line's value at x (the nearest point; lines that don't reach x are skipped), sorted
 * high to low, for the synchronised tooltip.
 */
export function valuesAt(lines: readonly HoverLine[], x: number): HoverValue[] {
  const out: HoverValue[] = [];
  for (const line of lines) {
    const n = line.x.length;
    if (n === 0 || x < line.x[0] || x > line.x[n - 1]) continue;
    const i = lowerBound(line.x, x);
    const j = i > 0 && (i === n || x - line.x[i - 1] < line.x[i] - x) ? i - 1 : i;
    out.push({ label: line.label, color: line.color, value: line.y[j] });
  }
  // NaN sorts last: a diverged run is listed, below every finite value.
  return out.sort((a, b) => (Number.isNaN(a.value) ? 1 : Number.isNaN(b.value) ? -1 : b.value - a.value));
}

/** The compared series as CSV columns (raw values as logged, display x), one per run and key. */
export function csvColumns(keys: readonly string[], runs: readonly RunSeriesInput[]): CsvColumn[] {
  return keys.flatMap((key) =>
    runs.flatMap((run) => {
      const s = displaySeries(run, key);
      return s ? [{ name: `${run.name}/${key}`, x: s.x, y: s.y }] : [];
    }),
  );
}
