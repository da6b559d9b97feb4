import { X_AXES, type XAxis } from "@/lib/charts/align";
import { splitCommaList } from "@/lib/comma-list";
import type { XRange } from "@/lib/charts/chart-types";

/**
 * The compare view's whole state lives in the URL, so a copied link shows a teammate exactly the
 * same view. This module is the only place that knows the query format; it is pure (no React, no
 * DOM) so parse(serialize(s)) = s can be checked anywhere.
 *
 * Format (every parameter optional except `runs`; defaults are left out of the URL):
 *   runs=id1,id2            compared runs, in order
 *   charts=lr,mIoU,loss+val_loss,aAcc
 *                           stacked charts; `+` puts several keys on one chart; absent = the
 *                           default set (LR, main metric, train+val loss)
 *   x=step|epoch|relative|time|fraction
 *   smooth=ema|time-ema|gaussian|running|none   strength=0.6 (0…0.99)
 *   group=optimizer,schedule   band=minmax|std
 *   log=lr,loss             charts drawn with a log y axis; absent = LR charts only, empty = none
 *   ylock=mIoU:0.3:0.6;loss:0:2   locked y ranges per chart
 *   noraw=mIoU              charts whose faint raw line is hidden
 *   from=100&to=400         zoomed x range, in the units of `x`
 *   hide=id1                runs (or group labels) hidden from the charts
 *   mark=id1:420            a marked point (run, step), set from the summary table
 *   diag=id1                the run whose diagnosis (plateaus, LR drops, events) is drawn on the charts
 *   metric=mIoU&mode=max    the metric the summary and verdict rank by; absent = the project's
 *   baseline=id1            a run (one of `runs`) the verdict compares every other run against
 *   all=1                   config diff shows every key
 */

export type SmoothingKind = "ema" | "time-ema" | "gaussian" | "running" | "none";
export type BandKind = "minmax" | "std";

export const SMOOTHING_KINDS: readonly SmoothingKind[] = ["ema", "time-ema", "gaussian", "running", "none"];
export const DEFAULT_STRENGTH = 0.6;
export const MAX_STRENGTH = 0.99;

export interface CompareState {
  runs: string[];
  /** Each chart is a list of metric keys; null = the default set for these runs. */
  charts: string[][] | null;
  x: XAxis;
  smoothing: SmoothingKind;
  strength: number;
  groupBy: string[];
  band: BandKind;
  /** Chart ids with a log y axis; null = the default (LR charts). */
  log: string[] | null;
  yLock: Record<string, XRange>;
  noRaw: string[];
  zoom: XRange | null;
  hidden: string[];
  mark: { runId: string; step: number } | null;
  /** The run whose diagnosis marks are drawn (one at a time: bands of 20 runs would hide the data). */
  diag: string | null;
  metric: string | null;
  mode: "max" | "min" | null;
  /** The pinned baseline run ("+ baseline"): the verdict speaks of every run vs it. */
  baseline: string | null;
  showAllConfig: boolean;
}

export const DEFAULT_STATE: CompareState = {
  runs: [],
  charts: null,
  x: "step",
  smoothing: "ema",
  strength: DEFAULT_STRENGTH,
  groupBy: [],
  band: "minmax",
  log: null,
  yLock: {},
  noRaw: [],
  zoom: null,
  hidden: [],
  mark: null,
  diag: null,
  metric: null,
  mode: null,
  baseline: null,
  showAllConfig: false,
};

/** A chart's id (its keys joined by `+`), used in the URL and in data-testid. */
export function chartId(keys: readonly string[]): string {
  return keys.join("+");
}

/**
 * Items escape only our separators (and `%`) before joining, so a key holding `,`, `+`, `:` or
 * `;` survives while the usual `val/loss` stays readable.
 */
const enc = (s: string) => s.replace(/[%,+:;]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
// Untrimmed: items are encoded keys and ids, and a key may begin or end with a space.
const list = (v: string | null): string[] => splitCommaList(v, { trim: false }).map(dec);
const joinList = (items: readonly string[]) => items.map(enc).join(",");

function num(v: string | null | undefined): number | null {
  if (v === null || v === undefined || v.trim() === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Six significant digits: enough for a zoom edge, short enough for a readable link. */
function short(n: number): string {
  return String(Number(n.toPrecision(6)));
}

function oneOf<T extends string>(v: string | null, options: readonly T[], fallback: T): T {
  return options.includes(v as T) ? (v as T) : fallback;
}

function parseRange(a: string | null | undefined, b: string | null | undefined): XRange | null {
  const min = num(a);
  const max = num(b);
  return min !== null && max !== null && max > min ? { min, max } : null;
}

export function parseState(params: URLSearchParams): CompareState {
  const charts = params.get("charts");
  const strength = num(params.get("strength"));
  const yLock: Record<string, XRange> = {};
  for (const entry of (params.get("ylock") ?? "").split(";").filter(Boolean)) {
    const [id, lo, hi] = entry.split(":");
    const range = parseRange(lo, hi);
    if (id && range) yLock[dec(id)] = range;
  }
  const [markRun, markStep] = (params.get("mark") ?? "").split(":");
  const step = num(markStep);
  const log = params.get("log");
  const mode = params.get("mode");
  return {
    runs: [...new Set(list(params.get("runs")))],
    charts: charts === null ? null : splitCommaList(charts, { trim: false }).map((c) => c.split("+").map(dec)),
    x: oneOf(params.get("x"), X_AXES, DEFAULT_STATE.x),
    smoothing: oneOf(params.get("smooth"), SMOOTHING_KINDS, DEFAULT_STATE.smoothing),
    strength: strength === null ? DEFAULT_STRENGTH : Math.min(MAX_STRENGTH, Math.max(0, strength)),
    groupBy: list(params.get("group")),
    band: oneOf(params.get("band"), ["minmax", "std"] as const, DEFAULT_STATE.band),
    log: log === null ? null : list(log),
    yLock,
    noRaw: list(params.get("noraw")),
    zoom: parseRange(params.get("from"), params.get("to")),
    hidden: list(params.get("hide")),
    mark: markRun && step !== null ? { runId: dec(markRun), step } : null,
    diag: params.get("diag") || null,
    metric: params.get("metric") || null,
    mode: mode === "max" || mode === "min" ? mode : null,
    baseline: params.get("baseline") || null,
    showAllConfig: params.get("all") === "1",
  };
}

/** The query string (without `?`) for a state; parameters at their default are left out. */
export function serializeState(s: CompareState): string {
  const p = new URLSearchParams();
  const set = (key: string, value: string | null, skip = false) => {
    if (value !== null && !skip) p.set(key, value);
  };
  set("runs", joinList(s.runs));
  set("charts", s.charts && s.charts.map((c) => c.map(enc).join("+")).join(","));
  set("x", s.x, s.x === DEFAULT_STATE.x);
  set("smooth", s.smoothing, s.smoothing === DEFAULT_STATE.smoothing);
  set("strength", short(s.strength), s.strength === DEFAULT_STRENGTH || s.smoothing === "none");
  set("group", joinList(s.groupBy), s.groupBy.length === 0);
  set("band", s.band, s.band === DEFAULT_STATE.band || s.groupBy.length === 0);
  set("log", s.log && joinList(s.log));
  const locks = Object.entries(s.yLock).map(([id, r]) => `${enc(id)}:${short(r.min)}:${short(r.max)}`);
  set("ylock", locks.join(";"), locks.length === 0);
  set("noraw", joinList(s.noRaw), s.noRaw.length === 0);
  if (s.zoom) {
    p.set("from", short(s.zoom.min));
    p.set("to", short(s.zoom.max));
  }
  set("hide", joinList(s.hidden), s.hidden.length === 0);
  set("mark", s.mark && `${enc(s.mark.runId)}:${s.mark.step}`);
  set("diag", s.diag);
  set("metric", s.metric);
  set("mode", s.mode);
  set("baseline", s.baseline);
  set("all", "1", !s.showAllConfig);
  // URLSearchParams escapes `,` `:` `;` `/`, which read back as themselves in a query: keep them
  // readable. `+` must stay `%2B`, since a bare `+` in a query means a space.
  return p.toString().replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%3B/g, ";").replace(/%2F/g, "/");
}

/** Toggles a value's membership in a list (hidden runs, raw-line switches, log charts). */
export function toggle(items: readonly string[], value: string): string[] {
  return items.includes(value) ? items.filter((v) => v !== value) : [...items, value];
}
