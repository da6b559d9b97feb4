import { beforeAll, describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import { getDatabase } from "@/lib/db";
import { toWire } from "@/lib/schemas/wire";
import { BLOCK_FIELDS, B_SUM } from "@/lib/metrics/chunk-codec";
import { asFloats, fetchSlices, WHOLE, type Slice } from "@/lib/server/metrics/fetch-slices";
import type { Sql } from "@/lib/db/sql";
import { readSteps, type SeriesRequest, type StepSeries } from "@/lib/server/metrics/read-series";
import { call, uniqueSlug } from "./http";

// A means-only read (the compare summary's) fetches the blocks of finite, regularly stepped chunks
// as their sums alone and places them by the steps the chunk index carries: its buckets' x and y
// must be exactly those of the read of whole records, wherever the chunks and the range fall.

const N = 40_000; // three chunks: 16,384 + 16,384 + 7,232 points
let runId = "";

async function log(body: Record<string, unknown>) {
  const r = await call(metrics.POST, "POST", `/api/v1/runs/${runId}/metrics`, { params: { id: runId }, body });
  expect(r.status, r.text).toBe(200);
}

beforeAll(async () => {
  const r = await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug("means") } });
  expect(r.status).toBe(201);
  runId = r.json.id;
  const step = Array.from({ length: N }, (_, i) => 10 + 2 * i);
  const wave = step.map((s) => Math.sin(s / 700) + s / 1e5);
  // reg: every chunk finite and regular (read by sums); nan: its middle chunk holds a NaN (read as records).
  await log({ step, values: { reg: wave, nan: wave.map((v, i) => toWire(i === 20_000 ? Number.NaN : v)) } });
  // irr: steps too irregular for the index to carry them (read as records).
  await log({ step: step.map((_, i) => 10 + 5 * i + ((i * 7919) % 3)), values: { irr: wave } });
  // dense: every step, placed without reading them.
  await log({ step: step.map((_, i) => i), values: { dense: wave } });
});

const read = async (requests: SeriesRequest[]) => readSteps((await getDatabase()).sql, requests);
const downsampled = (s: StepSeries) => {
  if (!s.downsampled) throw new Error("expected a downsampled read");
  return s;
};

describe("a means-only read", () => {
  it("gives exactly the buckets' x and y of the whole records' read, full range and partial, every block level", async () => {
    // The whole run (as the compare summary reads it) at each block level (64 points a block is
    // read as records: too fine to cut fields of), then a range whose edge chunks are read as
    // partial runs of blocks with points beside them.
    const extent: Record<string, [number, number]> = {
      reg: [10, 10 + 2 * (N - 1)],
      nan: [10, 10 + 2 * (N - 1)],
      irr: [10, 10 + 5 * (N - 1)],
      dense: [0, N - 1],
    };
    const requests = Object.entries(extent).flatMap(([key, [lo, hi]]) => {
      const whole = (maxPoints: number, sums: boolean) => ({ runId, key, lo, hi, maxPoints, sums: sums && key !== "irr" });
      return [whole(500, false), whole(125, true), whole(30, true), whole(8, true), { runId, key, lo: 9_999, hi: 31_234, maxPoints: 50, sums: key !== "irr" }];
    });
    const records = await read(requests);
    const means = await read(requests.map((r) => ({ ...r, meansOnly: true })));
    requests.forEach((r, i) => {
      const [a, b] = [downsampled(records[i]), downsampled(means[i])];
      const what = `${r.key} [${r.lo}, ${r.hi}] in ${r.maxPoints}`;
      expect(b.x, what).toEqual(a.x);
      expect(b.y, what).toEqual(a.y);
      expect(b.count, what).toBe(a.count);
      expect(a.x.length, what).toBeGreaterThan(r.maxPoints / 2);
      // Whether the sums alone were read: min/max are then unknown.
      expect(b.min.length, what).toBe(r.sums ? 0 : a.min.length);
    });
    // The NaN still shows: its chunk was read as records.
    expect(downsampled(means[requests.findIndex((r) => r.key === "nan")]).y.some(Number.isNaN)).toBe(true);
  });

  it("fetches exactly the sums of the records asked for: a run of blocks inside a chunk, and whole chunks' blocks", async () => {
    const sql = (await getDatabase()).sql;
    const R = BLOCK_FIELDS * 8;
    const chunks = await sql.query<{ lo: string }>(`SELECT step_lo::text AS lo FROM metric_chunks WHERE run_id = $1 AND key = 'reg' ORDER BY step_lo`, [runId]);
    const [first, , last] = chunks.map((c) => Number(c.lo));
    const slices: Slice[] = [
      // Blocks 2, 3 and 4 of the first chunk; then every block of all three chunks.
      { series: 0, lo: first, hi: first, column: "blocks_1024", offset: 2 * R, length: 3 * R, group: 0 },
      { series: 0, lo: first, hi: first, column: "blocks_1024", offset: 2 * R + B_SUM * 8, length: 3 * R, group: 1, stride: R },
      { series: 0, lo: first, hi: last, column: "blocks_1024", offset: 0, length: WHOLE, group: 2 },
      { series: 0, lo: first, hi: last, column: "blocks_1024", offset: B_SUM * 8, length: WHOLE, group: 3, stride: R },
    ];
    const got = await fetchSlices(sql, [{ runId, key: "reg" }], slices);
    const sumsOf = (records: Float64Array) => Array.from({ length: records.length / BLOCK_FIELDS }, (_, j) => records[j * BLOCK_FIELDS + B_SUM]);
    const [part, partSums, all, allSums] = [0, 1, 2, 3].map((g) => asFloats(got.get(g)!));
    expect(part.length).toBe(3 * BLOCK_FIELDS);
    expect(Array.from(partSums)).toEqual(sumsOf(part));
    expect(all.length).toBe(Math.ceil(16_384 / 1024) * 2 * BLOCK_FIELDS + Math.ceil((N - 2 * 16_384) / 1024) * BLOCK_FIELDS);
    expect(Array.from(allSums)).toEqual(sumsOf(all));
    await expect(fetchSlices(sql, [{ runId, key: "reg" }], [{ ...slices[1], column: "blocks_64" }])).rejects.toThrow(/strided/);
  });

  it("runs in one read-only snapshot of its own (a sum doesn't name its block's steps); a read of records needs none", async () => {
    // The statements sent, each marked with whether it ran inside a transaction.
    const sent: string[] = [];
    const recorded = (sql: Sql, inTx: boolean): Sql => ({
      query: (text, params, opts) => {
        sent.push(`${inTx ? "tx" : "--"} ${text.trim()}`);
        return sql.query(text, params, opts);
      },
      exec: (text) => sql.exec(text),
      transaction: (fn) => sql.transaction((tx) => fn(recorded(tx, true))),
    });
    const request = { runId, key: "reg", lo: 0, hi: 1e6, maxPoints: 100 };
    const sql = recorded((await getDatabase()).sql, false);
    await readSteps(sql, [request, { ...request, meansOnly: true }]);
    expect(sent[0]).toBe("tx SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    expect(sent.length).toBeGreaterThan(2);
    expect(sent.every((s) => s.startsWith("tx "))).toBe(true);
    sent.length = 0;
    await readSteps(sql, [request]);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.some((s) => s.startsWith("tx "))).toBe(false);
  });

  it("is refused with a smoothing (smoothed blocks need their records)", async () => {
    const { planRead } = await import("@/lib/server/metrics/read-series");
    await expect(
      planRead((await getDatabase()).sql, [{ runId, key: "reg", lo: 0, hi: 1e6, maxPoints: 100, meansOnly: true }], { kind: "ema", weight: 0.6 }),
    ).rejects.toThrow(/unsmoothed/);
  });
});
