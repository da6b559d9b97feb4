import { z } from "zod";
import { splitCommaList } from "@/lib/comma-list";
import { MAX_EMA_WEIGHT, type Smoothing } from "@/lib/charts/smoothing";
import { NONFINITE_WIRE, ZCommaList } from "./common";
import { NONFINITE_SPELLINGS, ZWireNumber, type Wire } from "./wire";
import { MAX_COMPARED_RUNS } from "./compare";
import { ValidationError, zodDetails, type IssueDetail } from "./validation";

export const MAX_POINTS_PER_REQUEST = 1_000_000;
/** Keys the store uses for the per-step epoch and wall time. */
export const EPOCH_KEY = "_epoch";
export const TIME_KEY = "_time";
const RESERVED = new Set([EPOCH_KEY, TIME_KEY]);

/** A validated batch in columns form; values are float64 (NaN/±Infinity included), null = not logged. */
export interface MetricBatch {
  step: number[];
  epoch?: (number | null)[];
  time?: (number | null)[];
  values: Record<string, (number | null)[]>;
  batchId?: string;
}

export class TooManyPointsError extends Error {}

const ZBatchId = z.string().min(1).max(200).optional();
const ZRows = z.object({
  points: z.array(z.object({ step: z.unknown(), epoch: z.unknown().optional(), time: z.unknown().optional(), values: z.record(z.string(), z.unknown()) })),
  batchId: ZBatchId,
});
// Element checks happen in checkColumns; zod only sees that these are arrays (a per-element
// zod pass over a million points costs more than the whole write).
const ZArray = z.custom<unknown[]>((v) => Array.isArray(v), { message: "expected an array" });
const ZColumns = z.object({
  step: ZArray,
  epoch: ZArray.optional(),
  time: ZArray.optional(),
  values: z.record(z.string(), ZArray),
  batchId: ZBatchId,
});

/**
 * Validates either batch form. Zod checks the envelope; element checks are a plain loop because a
 * batch can hold a million points and this is the ingest hot path.
 */
export function parseMetricBatch(body: unknown): MetricBatch {
  const isRows = typeof body === "object" && body !== null && "points" in body;
  const parsed = (isRows ? ZRows : ZColumns).safeParse(body);
  if (!parsed.success) throw new ValidationError("Invalid metrics batch", zodDetails(parsed.error));
  const issues: IssueDetail[] = [];
  const batch = isRows ? rowsToColumns(parsed.data as z.infer<typeof ZRows>, issues) : checkColumns(parsed.data as z.infer<typeof ZColumns>, issues);
  if (issues.length) throw new ValidationError("Invalid metrics batch", issues.slice(0, 50));
  return batch;
}

function checkPointCount(n: number): void {
  if (n > MAX_POINTS_PER_REQUEST) {
    throw new TooManyPointsError(`A batch holds at most ${MAX_POINTS_PER_REQUEST} points; this one has ${n}. Split it.`);
  }
}

function checkColumns(c: z.infer<typeof ZColumns>, issues: IssueDetail[]): MetricBatch {
  const n = c.step.length;
  checkPointCount(n);
  const step = new Array<number>(n);
  for (let i = 0; i < n; i++) step[i] = parseStep(c.step[i], () => `step[${i}]`, issues);
  const sameLength = (arr: unknown[], path: string) => {
    if (arr.length !== n) issues.push({ path, message: `has ${arr.length} entries but step has ${n}` });
  };
  const values: Record<string, (number | null)[]> = {};
  for (const [key, arr] of Object.entries(c.values)) {
    if (!checkKey(key, `values.${key}`, issues)) continue;
    sameLength(arr, `values.${key}`);
    values[key] = column(arr, (i) => `values.${key}[${i}]`, parseValue, issues);
  }
  const out: MetricBatch = { step, values, batchId: c.batchId };
  if (c.epoch) {
    sameLength(c.epoch, "epoch");
    out.epoch = column(c.epoch, (i) => `epoch[${i}]`, parseEpoch, issues);
  }
  if (c.time) {
    sameLength(c.time, "time");
    out.time = column(c.time, (i) => `time[${i}]`, parseTime, issues);
  }
  return out;
}

/** Parses one column; the path of a bad element is only built when there is one. */
function column<T>(
  arr: unknown[],
  path: (i: number) => string,
  parse: (v: unknown, path: () => string, issues: IssueDetail[]) => T,
  issues: IssueDetail[],
): T[] {
  const out = new Array<T>(arr.length);
  for (let i = 0; i < arr.length; i++) out[i] = parse(arr[i], () => path(i), issues);
  return out;
}

function rowsToColumns(r: z.infer<typeof ZRows>, issues: IssueDetail[]): MetricBatch {
  const n = r.points.length;
  checkPointCount(n);
  const step = new Array<number>(n);
  const values: Record<string, (number | null)[]> = {};
  let epoch: (number | null)[] | undefined;
  let time: (number | null)[] | undefined;
  r.points.forEach((p, i) => {
    step[i] = parseStep(p.step, () => `points[${i}].step`, issues);
    if (p.epoch !== undefined) (epoch ??= new Array(n).fill(null))[i] = parseEpoch(p.epoch, () => `points[${i}].epoch`, issues);
    if (p.time !== undefined) (time ??= new Array(n).fill(null))[i] = parseTime(p.time, () => `points[${i}].time`, issues);
    for (const [key, v] of Object.entries(p.values)) {
      if (!values[key] && !checkKey(key, `points[${i}].values.${key}`, issues)) continue;
      (values[key] ??= new Array(n).fill(null))[i] = parseValue(v, () => `points[${i}].values.${key}`, issues);
    }
  });
  return { step, values, epoch, time, batchId: r.batchId };
}

function checkKey(key: string, path: string, issues: IssueDetail[]): boolean {
  if (key.length === 0 || key.length > 200) issues.push({ path, message: "metric keys are 1 to 200 characters" });
  else if (RESERVED.has(key)) issues.push({ path, message: `'${key}' is reserved; send epochs and times in the epoch/time fields` });
  else return true;
  return false;
}

function parseStep(s: unknown, path: () => string, issues: IssueDetail[]): number {
  if (typeof s === "number" && Number.isSafeInteger(s) && s >= 0) return s;
  issues.push({ path: path(), message: "expected an integer ≥ 0" });
  return 0;
}

function parseValue(v: unknown, path: () => string, issues: IssueDetail[]): number | null {
  if (typeof v === "number" || v === null) return v;
  if (typeof v === "string" && v in NONFINITE_WIRE) return NONFINITE_WIRE[v as keyof typeof NONFINITE_WIRE];
  issues.push({ path: path(), message: 'expected a number, null, or "NaN" / "Infinity" / "-Infinity"' });
  return null;
}

function parseEpoch(v: unknown, path: () => string, issues: IssueDetail[]): number | null {
  if (v === null || (typeof v === "number" && Number.isFinite(v) && v >= 0)) return v;
  issues.push({ path: path(), message: "expected a number ≥ 0 or null" });
  return null;
}

function parseTime(v: unknown, path: () => string, issues: IssueDetail[]): number | null {
  if (v === null || (typeof v === "number" && Number.isFinite(v) && v >= 0)) return v;
  if (typeof v === "string") {
    const ms = Date.parse(v);
    if (!Number.isNaN(ms)) return ms / 1000;
  }
  issues.push({ path: path(), message: "expected Unix seconds, an ISO-8601 string or null" });
  return null;
}

/** Values written by a batch: (step, key) pairs that are not null. */
export function countValues(batch: MetricBatch): number {
  let n = 0;
  for (const arr of Object.values(batch.values)) for (const v of arr) if (v !== null) n++;
  return n;
}

/** Longest running-mean window, in points: a wider one is a flat line on any real run. */
export const MAX_RUNNING_WINDOW = 100_001;

const SMOOTHING_FORMS = `none, ema:<weight 0…${MAX_EMA_WEIGHT}>, time-ema:<halfLife > 0>, gaussian:<sigma > 0>, running:<odd window 1…${MAX_RUNNING_WINDOW}>`;

/** `smooth=kind:parameter` (see lib/charts/smoothing.ts); halfLife and sigma are in x-axis units. */
export const ZSmoothing = z
  .string()
  .meta({ description: `Smoothing over the full-resolution series, returned as \`smoothed\` per series: ${SMOOTHING_FORMS}` })
  .transform((text, ctx): Smoothing => {
    const smoothing = parseSmoothing(text);
    if (smoothing) return smoothing;
    ctx.addIssue({ code: "custom", message: `expected one of ${SMOOTHING_FORMS}` });
    return z.NEVER;
  });

function parseSmoothing(text: string): Smoothing | null {
  if (text === "none") return { kind: "none" };
  const [kind, arg, ...rest] = text.split(":");
  const v = arg !== undefined && arg.trim() !== "" && !rest.length ? Number(arg) : NaN;
  if (kind === "ema" && v >= 0 && v <= MAX_EMA_WEIGHT) return { kind, weight: v };
  if (kind === "time-ema" && v > 0 && Number.isFinite(v)) return { kind, halfLife: v };
  if (kind === "gaussian" && v > 0 && Number.isFinite(v)) return { kind, sigma: v };
  if (kind === "running" && Number.isInteger(v) && v % 2 === 1 && v <= MAX_RUNNING_WINDOW) return { kind, window: v };
  return null;
}

export const ZReadMetrics = z.object({
  keys: z
    .string()
    .optional()
    .transform((s) => (s ? splitCommaList(s) : undefined)),
  x: z.enum(["step", "epoch", "time", "relative"]).default("step"),
  maxPoints: z.coerce.number().int().min(0).max(100_000).default(2000),
  from: z.coerce.number().finite().optional(),
  to: z.coerce.number().finite().optional(),
  smooth: ZSmoothing.optional(),
  smoothWait: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true")
    .meta({
      description: "false: a smoothing not computed before is computed in the background, its series answer `smoothedPending: true` meanwhile (ask again)",
    }),
});
export type TReadMetrics = z.infer<typeof ZReadMetrics>;

// ---- The batch as documented (parseMetricBatch is the fast path that enforces it) -------------

const ZWireValue = z.union([z.number(), z.null(), z.enum(NONFINITE_SPELLINGS)]);
const ZStep = z.number().int().min(0);
const ZEpoch = z.number().min(0);
const ZWireTime = z.union([z.number().min(0), z.string()]);

/** POST /runs/{id}/metrics in rows or columns form; `batchId` makes retries safe. Keys `_epoch`, `_time` are reserved. */
export const ZMetricBatchWire = z
  .union([
    z.object({
      points: z.array(z.object({ step: ZStep, epoch: ZEpoch.optional(), time: ZWireTime.optional(), values: z.record(z.string(), ZWireValue) })),
      batchId: ZBatchId,
    }),
    z.object({
      step: z.array(ZStep),
      epoch: z.array(ZEpoch.nullable()).optional(),
      time: z.array(ZWireTime.nullable()).optional(),
      values: z.record(z.string(), z.array(ZWireValue)),
      batchId: ZBatchId,
    }),
  ])
  .meta({ description: `A batch in rows or columns form; at most ${MAX_POINTS_PER_REQUEST} points, written entirely or not at all.` });

// ---- Answers -------------------------------------------------------------------------------

export const ZIngested = z.strictObject({ accepted: z.number(), duplicate: z.boolean() });

/** One series of a read: bucket means (or every point), the finite envelope, optionally smoothed. */
export const ZSeries = z.strictObject({
  x: z.array(z.number()),
  y: z.array(ZWireNumber),
  /** Finite extremes per bucket (null: no finite value in it); equal to y at full resolution. */
  min: z.array(ZWireNumber.nullable()),
  max: z.array(ZWireNumber.nullable()),
  count: z.number(),
  downsampled: z.boolean(),
  smoothed: z.array(ZWireNumber).optional(),
  /** smoothWait=false: the smoothing is being computed; ask again. */
  smoothedPending: z.literal(true).optional(),
});
/** A series as a client reads it (values may be "NaN" / "±Infinity"). */
export type WireSeries = Wire<typeof ZSeries>;

export const ZMetricsAxis = z.enum(["step", "epoch", "time", "relative"]);

/** GET /runs/{id}/metrics (streamed). */
export const ZRunMetrics = z.strictObject({ runId: z.string(), x: ZMetricsAxis, series: z.record(z.string(), ZSeries) });

/** GET /series (format=json, streamed): per run its series, or why it has none on this axis. */
export const ZManySeries = z.strictObject({
  x: ZMetricsAxis,
  runs: z.record(z.string(), z.union([z.strictObject({ error: z.strictObject({ code: z.string(), message: z.string() }) }), z.record(z.string(), ZSeries)])),
});

/** GET /api/v1/series: the metric read for many runs at once. */
export const ZSeriesQuery = ZReadMetrics.extend({
  runs: ZCommaList({ min: 1, max: MAX_COMPARED_RUNS, of: "run ids" }),
  /** `binary`: what the chart's pixels need, as float arrays behind JSON frame headers (lib/metrics/series-binary.ts). */
  format: z.enum(["json", "binary"]).default("json"),
});
