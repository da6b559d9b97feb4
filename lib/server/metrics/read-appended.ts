import "server-only";
import type { Database } from "@/lib/db/client";
import { decodeFloats, StepRuns } from "@/lib/metrics/chunk-codec";
import { toAsync, type NumericSeries } from "@/lib/metrics/series-binary";
import { planSeries, type IndexedChunk } from "@/lib/metrics/read-plan";
import { notFound } from "@/lib/server/api/errors";
import { env } from "@/lib/server/env";
import type { MetricStats } from "@/lib/server/runs/run-view";
import { INLINE_STEPS_BYTES, stepParam } from "./chunk-index";
import { EMPTY, readRange, type MetricsRead, type ReadOptions } from "./get-metrics";
import { aggregateSeries, readCost, type FetchedSeries, type PlannedSeries } from "./read-series";
import { statsExtent } from "./stats-extent";

/**
 * Chunks of at most this many points in all may be read whole by the one statement: a live chart's
 * new points lie in a key's small tail (a few small chunks), or at worst in the chunk its tail was
 * just compacted into (lib/server/metrics/chunk-store.ts's SMALL_CHUNK).
 */
const MAX_CHUNK_POINTS = 8192;

/**
 * GET /runs/{id}/metrics?keys=…&from=… on the step axis without smoothing — what a live chart asks
 * on metrics.appended: the points after its last one (lib/client/live-plan.ts, MetricChart's
 * readAppended). One statement finds the run's stats of those keys and the chunks overlapping the
 * range, whole, instead of a run lookup and a snapshot transaction of five (the chunk index, then
 * slices of it): a live page makes one such read per run per batch, and it cost the server twice a
 * metrics POST. One statement is one snapshot, so the stats and chunks agree as in that transaction.
 * The answer is the general path's (the same plan, lib/metrics/read-plan.ts, and aggregation); null
 * when this path doesn't apply — another axis, smoothing, no keys or from, chunks past
 * MAX_CHUNK_POINTS, a downsampled answer or one over the read limit — and nothing was decided:
 * the caller reads the general way (readRunMetrics), which also gives those errors.
 * The caller has authorized the read (apiRoute, from the run id).
 */
export async function readAppendedMetrics(db: Database, runId: string, opts: ReadOptions): Promise<MetricsRead | null> {
  if (opts.x !== "step" || opts.from === undefined || !opts.keys?.length || (opts.smooth && opts.smooth.kind !== "none")) return null;
  // Keys starting with "_" are the axes (_epoch, _time), never series of their own.
  const asked = [...new Set(opts.keys.filter((k) => !k.startsWith("_")))];
  const bounds = readRange({ lo: -Infinity, hi: Infinity }, opts, Math.round);
  const rows = await db.sql.query<{ stats: Record<string, MetricStats> | null; chunks: string | null }>(
    `SELECT (SELECT jsonb_object_agg(k, r.metric_stats -> k) FROM unnest($2::text[]) k WHERE r.metric_stats ? k) AS stats,
            (SELECT CASE WHEN count(*) = 0 THEN ''
                         WHEN sum(m.n) <= $5 THEN encode(string_agg(int4send(q.i::int) || int8send(m.step_lo) || int8send(m.step_hi) || int4send(m.n)
                                                                    || int4send(octet_length(m.steps)) || m.steps || m.vals, ''::bytea ORDER BY q.i, m.step_lo), 'base64') END
               FROM unnest($2::text[]) WITH ORDINALITY AS q(key, i)
               JOIN metric_chunks m ON m.run_id = r.id AND m.key = q.key AND m.step_hi >= $3 AND m.step_lo <= $4) AS chunks
       FROM runs r WHERE r.id = $1`,
    [runId, asked, stepParam(bounds.lo), stepParam(bounds.hi), MAX_CHUNK_POINTS],
    { prepare: true },
  );
  if (!rows.length) throw notFound(`Run '${runId}'`);
  const { chunks } = rows[0];
  if (chunks === null) return null;
  const stats = rows[0].stats ?? {};
  const keys = opts.keys.filter((k) => !k.startsWith("_") && Object.hasOwn(stats, k));
  const extent = statsExtent(stats, keys);
  const range = extent && readRange(extent, opts, Math.round);
  const byKey = decodeChunks(asked, chunks);
  const read = new Map<string, NumericSeries>();
  if (range && range.lo <= range.hi) {
    const planned: PlannedSeries[] = [];
    for (const key of new Set(keys)) {
      const s = stats[key];
      const whole = range.lo <= s.stepLo && range.hi >= s.stepHi;
      const request = { runId, key, lo: range.lo, hi: range.hi, maxPoints: opts.maxPoints, points: whole ? s.count : undefined };
      const chunks = (byKey.get(key) ?? []).map((c) => c.chunk);
      const plan = planSeries(chunks, request);
      if (plan.buckets) return null;
      planned.push({ ...request, chunks, version: "", plan });
    }
    if (readCost({ series: planned }) > env().ANNEAL_MAX_READ_VALUES) return null;
    for (const s of planned) {
      const stored = new Map((byKey.get(s.key) ?? []).map((c) => [c.chunk, c]));
      const points: FetchedSeries["points"] = new Map();
      for (const piece of s.plan.pieces) {
        if (piece.kind !== "points") throw new Error("a plan without buckets reads points only");
        // As fetchRead: a chunk whose steps the plan didn't know is taken whole, and aggregateSeries keeps the points in range.
        const [start, end] = piece.filter ? [0, piece.chunk.n] : [piece.first, piece.first + piece.count];
        const { steps, values } = stored.get(piece.chunk)!;
        points.set(piece, {
          run: { piece, chunk: piece.chunk, start, end },
          steps: steps.slice(start, end),
          values: values.subarray(start, end),
          history: EMPTY_FLOATS,
        });
      }
      const series = aggregateSeries(s, { blocks: EMPTY_FLOATS, sums: EMPTY_FLOATS, points });
      if (series.downsampled) throw new Error("a plan without buckets is not downsampled");
      read.set(s.key, { x: series.steps, y: series.values, count: series.count, downsampled: false });
    }
  }
  return {
    x: "step",
    runs: [{ id: runId, keys }],
    series: () => toAsync(keys.map((key) => ({ run: runId, key, series: read.get(key) ?? EMPTY }))),
  };
}

const EMPTY_FLOATS = new Float64Array(0);

/** A chunk the statement sent whole: as the chunk index lists it (lib/server/metrics/chunk-index.ts), with its steps and values. */
interface WholeChunk {
  chunk: IndexedChunk;
  steps: StepRuns;
  values: Float64Array;
}

/** The packed chunks of the statement, per key. */
function decodeChunks(keys: string[], base64: string): Map<string, WholeChunk[]> {
  const out = new Map<string, WholeChunk[]>();
  const bytes = Buffer.from(base64, "base64");
  for (let at = 0; at < bytes.length;) {
    const key = keys[bytes.readInt32BE(at) - 1];
    const stepLo = Number(bytes.readBigInt64BE(at + 4));
    const stepHi = Number(bytes.readBigInt64BE(at + 12));
    const n = bytes.readInt32BE(at + 20);
    const stepsBytes = bytes.readInt32BE(at + 24);
    at += 28;
    const steps = new StepRuns(bytes.subarray(at, at + stepsBytes), n);
    at += stepsBytes;
    const values = decodeFloats(bytes.subarray(at, at + n * 8));
    at += n * 8;
    // The plan knows a chunk's steps only when the index would have sent them: the same plan, the same answer.
    const chunk: IndexedChunk = { stepLo, stepHi, n, steps: stepsBytes <= INLINE_STEPS_BYTES ? steps : undefined };
    const list = out.get(key) ?? [];
    list.push({ chunk, steps, values });
    out.set(key, list);
  }
  return out;
}
