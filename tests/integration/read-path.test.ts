import { describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import * as series from "@/app/api/v1/series/route";
import { DEFAULT_EMA_WEIGHT, tensorBoardEma } from "@/lib/charts/smoothing";
import { getDatabase } from "@/lib/db";
import { smoothingIdle } from "@/lib/server/metrics/smooth-series";
import { call, uniqueSlug } from "./http";

// The suite runs with ANNEAL_MAX_READ_VALUES=500,000 (setup-env.ts).
const N = 300_000;
/** 16 whole chunks, read in 256 buckets of 1,024 steps: each bucket is exactly one 1,024-point block. */
const ALIGNED = "from=0&to=262143&maxPoints=256";
const blockMean = (values: Float64Array, k: number) => values.subarray(k * 1024, (k + 1) * 1024).reduce((x, v) => x + v, 0) / 1024;

async function newRun() {
  const r = await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug() } });
  return r.json.id as string;
}
const post = (id: string, body: unknown) => call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body });
const get = (id: string, qs: string) => metrics.GET(new Request(`http://127.0.0.1:3000/api/v1/runs/${id}/metrics?${qs}`), { params: Promise.resolve({ id }) });
const emaRows = async (id: string) =>
  (
    await (
      await getDatabase()
    ).sql.query<{ key: string; n: string }>(`SELECT key, count(*) AS n FROM metric_chunk_ema WHERE run_id = $1 GROUP BY key ORDER BY key`, [id])
  ).map((r) => [r.key, Number(r.n)]);
const chunkRows = async (id: string) =>
  (
    await (
      await getDatabase()
    ).sql.query<{ key: string; n: string }>(
      `SELECT key, count(*) AS n FROM metric_chunks WHERE run_id = $1 AND key NOT LIKE '\\_%' GROUP BY key ORDER BY key`,
      [id],
    )
  ).map((r) => [r.key, Number(r.n)]);

/** a: a slow sine, b: noise; both logged at every step. */
const a = (s: number) => Math.sin(s / 5000);
const b = (s: number) => ((s * 7919) % 1000) / 1000;

describe("a long run's reads", { timeout: 180_000 }, () => {
  const steps = Array.from({ length: N }, (_, i) => i);
  const runId = newRun().then(async (id) => {
    const r = await post(id, { step: steps, values: { a: steps.map(a), b: steps.map(b) } });
    expect(r.status, r.text).toBe(200);
    return id;
  });

  it("streams a full-resolution read of every point in pieces of bounded size, never one string", async () => {
    const id = await runId;
    const res = await get(id, "keys=a&maxPoints=0");
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let pieces = 0;
    let largest = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      pieces++;
      largest = Math.max(largest, r.value.byteLength);
      text += decoder.decode(r.value, { stream: true });
    }
    const json = JSON.parse(text);
    expect(json.series.a).toMatchObject({ count: N, downsampled: false });
    expect(json.series.a.x).toHaveLength(N);
    expect(json.series.a.y[123_456]).toBe(a(123_456));
    expect(json.series.a.max[N - 1]).toBe(a(N - 1));
    // ~20 MB of JSON, no piece over 2 MB: it was one string before (the crash at V8's string limit).
    expect(text.length).toBeGreaterThan(15e6);
    expect(largest).toBeLessThan(2 * 2 ** 20);
    expect(pieces).toBeGreaterThan(20);
  });

  it("refuses a read sending more values than ANNEAL_MAX_READ_VALUES with a 413 naming the limit", async () => {
    const id = await runId;
    const r = await call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?keys=a,b&maxPoints=0`, { params: { id } });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe("payload_too_large");
    expect(r.json.error.message).toContain("600,000 values");
    expect(r.json.error.message).toContain("at most 500,000");
    expect(r.json.error.details[0]).toMatchObject({ path: "query.maxPoints" });
    // The same over many runs at once, and a range that fits is fine.
    const many = await call(series.GET, "GET", `/api/v1/series?runs=${id}&keys=a,b&maxPoints=0`);
    expect(many.status).toBe(413);
    const part = await call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?keys=a,b&maxPoints=0&from=0&to=99999`, { params: { id } });
    expect(part.status).toBe(200);
    expect(part.json.series.b.x).toHaveLength(100_000);
  });

  it("keeps the default smoothing's block sums as it logs, and reads them as the full smoothing bucketed like y", async () => {
    const id = await runId;
    expect(await emaRows(id)).toEqual(await chunkRows(id));
    const expected = tensorBoardEma(Float64Array.from(steps, b), DEFAULT_EMA_WEIGHT);
    // Full resolution at a zoom: history before `from` included.
    const zoom = await call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?keys=b&maxPoints=0&from=200000&to=200100&smooth=ema:${DEFAULT_EMA_WEIGHT}`, {
      params: { id },
    });
    expect(zoom.json.series.b.smoothed).toHaveLength(101);
    zoom.json.series.b.smoothed.forEach((v: number, i: number) => expect(Math.abs(v - expected[200_000 + i])).toBeLessThan(1e-12));
    // Downsampled: each bucket's smoothed value is the mean of the smoothed points in it.
    const whole = await call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?keys=b&${ALIGNED}&smooth=ema:${DEFAULT_EMA_WEIGHT}&smoothWait=false`, {
      params: { id },
    });
    const s = whole.json.series.b;
    expect(s.smoothedPending).toBeUndefined();
    expect(s.smoothed).toHaveLength(256);
    for (const k of [0, 1, 200, 255]) expect(Math.abs(s.smoothed[k] - blockMean(expected, k))).toBeLessThan(1e-12);
  });

  it("computes sums missing from the store (data written before they were kept) and stores them", async () => {
    const id = await runId;
    const db = await getDatabase();
    await db.sql.query(`DELETE FROM metric_chunk_ema WHERE run_id = $1 AND key = 'a'`, [id]);
    const expected = tensorBoardEma(Float64Array.from(steps, a), DEFAULT_EMA_WEIGHT);
    // Not waiting: over 200,000 points to smooth go to the background, the answer says so.
    const first = await call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?keys=a&${ALIGNED}&smooth=ema:${DEFAULT_EMA_WEIGHT}&smoothWait=false`, {
      params: { id },
    });
    expect(first.json.series.a.smoothedPending).toBe(true);
    await smoothingIdle();
    expect(await emaRows(id)).toEqual(await chunkRows(id));
    const again = await call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?keys=a&${ALIGNED}&smooth=ema:${DEFAULT_EMA_WEIGHT}&smoothWait=false`, {
      params: { id },
    });
    expect(Math.abs(again.json.series.a.smoothed[250] - blockMean(expected, 250))).toBeLessThan(1e-12);
    // Waiting: computed in the request, stored after it.
    await db.sql.query(`DELETE FROM metric_chunk_ema WHERE run_id = $1 AND key = 'a' AND step_lo > 100000`, [id]);
    const waited = await call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?keys=a&${ALIGNED}&smooth=ema:${DEFAULT_EMA_WEIGHT}`, { params: { id } });
    expect(Math.abs(waited.json.series.a.smoothed[200] - blockMean(expected, 200))).toBeLessThan(1e-12);
    await smoothingIdle();
    expect(await emaRows(id)).toEqual(await chunkRows(id));
  });

  it("drops the stored sums a write makes stale (the chunk right after it), and reads the new smoothing", async () => {
    const id = await runId;
    const db = await getDatabase();
    const chunkStarts = async () =>
      (await db.sql.query<{ lo: string }>(`SELECT step_lo::text AS lo FROM metric_chunk_ema WHERE run_id = $1 AND key = 'b' ORDER BY step_lo`, [id])).map((r) =>
        Number(r.lo),
      );
    const before = await chunkStarts();
    // Rewrite 10 steps ending 10 points before a chunk: that chunk's history changed, the next one's didn't.
    const next = before[10];
    const rewritten = Array.from({ length: 10 }, (_, i) => next - 20 + i);
    expect((await post(id, { step: rewritten, values: { b: rewritten.map(() => 5) } })).status).toBe(200);
    const after = await chunkStarts();
    expect(after).toContain(before[9]);
    expect(after).not.toContain(next);
    expect(after).toContain(before[11]);
    const y = Float64Array.from(steps, (s) => (s >= next - 20 && s < next - 10 ? 5 : b(s)));
    const expected = tensorBoardEma(y, DEFAULT_EMA_WEIGHT);
    const r = await call(
      metrics.GET,
      "GET",
      `/api/v1/runs/${id}/metrics?keys=b&maxPoints=0&from=${next - 25}&to=${next + 5}&smooth=ema:${DEFAULT_EMA_WEIGHT}`,
      {
        params: { id },
      },
    );
    expect(r.json.series.b.smoothed).toHaveLength(31);
    r.json.series.b.smoothed.forEach((v: number, i: number) => expect(Math.abs(v - expected[next - 25 + i])).toBeLessThan(1e-12));
    // A downsampled read computes the dropped chunk's sums, and stores them.
    await call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?keys=b&${ALIGNED}&smooth=ema:${DEFAULT_EMA_WEIGHT}`, { params: { id } });
    await smoothingIdle();
    expect(await chunkStarts()).toContain(next);
  });
});
