import { describe, expect, it } from "vitest";
import { CHUNK_MAX } from "@/lib/metrics/chunk-codec";
import { EPOCH_KEY, type MetricBatch } from "@/lib/schemas/metrics";
import { batchToSeries, mergeSeries, type SeriesPoints } from "@/lib/server/metrics/batch-series";
import { SeriesBuffer, type Writable } from "./series-buffer";

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/** What the database ends up holding: each write merged over the stored points, newer winning. */
function store(writes: Writable[]): Record<string, number[][]> {
  const stored = new Map<string, SeriesPoints>();
  for (const w of writes) for (const [key, pts] of [...w.appends, ...w.merges]) stored.set(key, stored.has(key) ? mergeSeries(stored.get(key)!, pts) : pts);
  return Object.fromEntries([...stored].map(([key, s]) => [key, [Array.from(s.steps), Array.from(s.values)]]));
}

describe("SeriesBuffer", () => {
  it("hands out whole chunks while a log appends, and the rest at the end", () => {
    const buffer = new SeriesBuffer();
    const writes: Writable[] = [];
    let counted = 0;
    for (let start = 0; start < 40_000; start += 3_000) {
      const step = range(start, 3_000);
      counted += buffer.add({
        step,
        epoch: step.map((s) => Math.floor(s / 1000)),
        values: { loss: step.map((s) => s / 2), val: step.map((s) => (s % 100 ? null : s)) },
      });
      const ready = buffer.take();
      for (const pts of ready.appends.values()) expect(pts.steps.length % CHUNK_MAX).toBe(0);
      expect(ready.merges.size).toBe(0);
      writes.push(ready);
    }
    expect(writes.filter((w) => w.appends.size).length).toBeGreaterThan(0);
    writes.push(buffer.take(true));
    expect(buffer.take(true).appends.size).toBe(0);
    const all = range(0, 42_000);
    expect(counted).toBe(42_000 + 420);
    expect(store(writes)).toEqual({
      loss: [all, all.map((s) => s / 2)],
      val: [all.filter((s) => s % 100 === 0), all.filter((s) => s % 100 === 0)],
      [EPOCH_KEY]: [all, all.map((s) => Math.floor(s / 1000))],
    });
  });

  it("keeps the last value of a step logged again, within a batch or after it was handed out", () => {
    const batches: MetricBatch[] = [
      { step: range(0, CHUNK_MAX + 10), values: { loss: range(0, CHUNK_MAX + 10) } },
      { step: [5, 3, 5, CHUNK_MAX + 20], values: { loss: [-1, -2, -3, -4] } },
      { step: [CHUNK_MAX + 20, CHUNK_MAX + 21], values: { loss: [-5, -6] } },
    ];
    const buffer = new SeriesBuffer();
    const writes = batches.map((b) => (buffer.add(b), buffer.take()));
    writes.push(buffer.take(true));
    // The first batch's whole chunk is an append; the rewritten steps must be merged with it.
    expect([...writes[0].appends.keys()]).toEqual(["loss"]);
    expect([...writes[1].merges.keys()]).toEqual(["loss"]);
    const expected = batches.map(batchToSeries).reduce((acc, s) => new Map([...s].map(([k, v]) => [k, acc.has(k) ? mergeSeries(acc.get(k)!, v) : v])));
    expect(store(writes)).toEqual(store([{ appends: expected, merges: new Map() }]));
    expect(store(writes).loss[1].slice(0, 6)).toEqual([0, 1, 2, -2, 4, -3]);
  });

  it("gives the epoch column a metric of the same reserved name would share, as batchToSeries does", () => {
    const buffer = new SeriesBuffer();
    const batch = { step: [1, 2], epoch: [0, 1], values: { [EPOCH_KEY]: [7, 8], loss: [0.5, 0.4] } };
    expect(buffer.add(batch)).toBe(2);
    expect(store([buffer.take(true)])).toEqual(store([{ appends: batchToSeries(batch), merges: new Map() }]));
  });
});
