import { describe, expect, it } from "vitest";
import { seriesUrl, type SeriesQuery, type SeriesRequest } from "@/lib/compare/series-requests";
import type { DecodedSeries, SeriesBatch } from "@/lib/metrics/series-binary";
import { storedEma, storedEmaState } from "@/lib/metrics/stored-ema";
import { appendedRead, appendFromEvent, mergeAppended, type Announced } from "./compare-append";

const series = (x: number[], extra: Partial<DecodedSeries> = {}): DecodedSeries => ({
  x: Float64Array.from(x),
  y: Float64Array.from(x.map((v) => v / 10)),
  count: x.length,
  downsampled: false,
  ...extra,
});
const request = (q: Partial<SeriesQuery> = {}, runs = ["a", "b", "c"]): SeriesRequest => {
  const query: SeriesQuery = { x: "step", maxPoints: 1250, from: null, to: null, smooth: null, keys: ["loss", "lr"], ...q };
  return { id: "req", runs, url: seriesUrl(runs, query), query };
};
const shown: SeriesBatch<DecodedSeries> = {
  x: "step",
  runs: {
    a: { loss: series([0, 1, 2, 3]), lr: series([0, 2]) },
    b: { loss: series([0, 1, 2, 3, 4]), lr: series([0, 1, 2, 3, 4]) },
    c: { loss: series([0, 5]) },
  },
};
const announced = (entries: [string, string[]][]): Announced => new Map(entries.map(([id, keys]) => [id, new Set(keys)]));
const readOf = (r: ReturnType<typeof appendedRead>) => {
  if (r.kind !== "read") return r.kind;
  const p = new URL(r.url, "http://local").searchParams;
  return `runs=${p.get("runs")} keys=${p.get("keys")} from=${p.get("from")} to=${p.get("to")} x=${p.get("x")} maxPoints=${p.get("maxPoints")} smooth=${p.get("smooth")}`;
};

describe("appendedRead", () => {
  it("one read of the announced runs and keys, from the step after the earliest of their last points, with the read's own parameters", () => {
    const r = appendedRead(
      request({ smooth: "ema:0.6" }),
      shown,
      announced([
        ["a", ["loss"]],
        ["b", ["loss", "lr", "grad_norm"]],
      ]),
    );
    expect(readOf(r)).toBe("runs=a,b keys=loss,lr from=4 to=null x=step maxPoints=1250 smooth=ema:0.6");
    expect(readOf(appendedRead(request(), shown, announced([["b", ["lr"]]])))).toBe("runs=b keys=lr from=5 to=null x=step maxPoints=1250 smooth=null");
  });

  it("nothing to read for runs or keys this read doesn't show", () => {
    expect(appendedRead(request(), shown, announced([["z", ["loss"]]]))).toEqual({ kind: "none" });
    expect(appendedRead(request(), shown, announced([["a", ["grad_norm"]]]))).toEqual({ kind: "none" });
  });

  it("a zoom keeps its end; points past it are not read at all", () => {
    expect(readOf(appendedRead(request({ from: 0, to: 50 }), shown, announced([["a", ["loss"]]])))).toBe(
      "runs=a keys=loss from=4 to=50 x=step maxPoints=1250 smooth=null",
    );
    expect(readOf(appendedRead(request({ from: 10, to: 50 }), shown, announced([["a", ["loss"]]])))).toContain("from=10 ");
    expect(appendedRead(request({ from: 0, to: 3 }), shown, announced([["a", ["loss"]]]))).toEqual({ kind: "none" });
  });

  it("re-read whole: another axis, a look-ahead smoothing, a key or run with no point shown yet", () => {
    const a = announced([["a", ["loss"]]]);
    expect(appendedRead(request({ x: "time" }), shown, a)).toEqual({ kind: "whole" });
    expect(appendedRead(request({ smooth: "gaussian:20" }), shown, a)).toEqual({ kind: "whole" });
    expect(appendedRead(request({ smooth: "running:5" }), shown, a)).toEqual({ kind: "whole" });
    expect(appendedRead(request(), shown, announced([["c", ["lr"]]]))).toEqual({ kind: "whole" });
    expect(appendedRead(request({}, ["a", "d"]), shown, announced([["d", ["loss"]]]))).toEqual({ kind: "whole" });
  });
});

describe("mergeAppended", () => {
  it("appends each run's new points to its series, leaves the others as they were", () => {
    const added: SeriesBatch<DecodedSeries> = { x: "step", runs: { a: { loss: series([3, 4, 5]) }, b: { loss: series([4, 5]) } } };
    const merged = mergeAppended(shown, added, 100)!;
    const lastX = (s: DecodedSeries) => [...s.x];
    expect(lastX((merged.runs.a as Record<string, DecodedSeries>).loss)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(lastX((merged.runs.b as Record<string, DecodedSeries>).loss)).toEqual([0, 1, 2, 3, 4, 5]);
    expect((merged.runs.a as Record<string, DecodedSeries>).lr).toBe((shown.runs.a as Record<string, DecodedSeries>).lr);
    expect(merged.runs.c).toBe(shown.runs.c);
  });

  it("null (re-read whole) for another axis, a run or key not shown, an error, or past the budget", () => {
    const ok = { a: { loss: series([4]) } };
    expect(mergeAppended(shown, { x: "time", runs: ok }, 100)).toBeNull();
    expect(mergeAppended(shown, { x: "step", runs: { d: { loss: series([4]) } } }, 100)).toBeNull();
    expect(mergeAppended(shown, { x: "step", runs: { c: { lr: series([6]) } } }, 100)).toBeNull();
    expect(mergeAppended(shown, { x: "step", runs: { a: { error: { code: "gone", message: "gone" } } } }, 100)).toBeNull();
    expect(mergeAppended(shown, { x: "step", runs: ok }, 4)).toBeNull();
  });
});

describe("appendFromEvent", () => {
  const runOf = (b: SeriesBatch<DecodedSeries> | null, id: string) => b?.runs[id] as Record<string, DecodedSeries>;
  const event = (runId: string, points: Record<string, [after: number, steps: number[], values: (number | "NaN" | "Infinity" | "-Infinity")[]]>) => ({
    runId,
    keys: Object.keys(points).sort(),
    points: Object.fromEntries(Object.entries(points).map(([k, [after, steps, values]]) => [k, { after, steps, values }])),
  });

  it("appends the event's points after the series' last one, non-finite values as data, without a read", () => {
    const next = appendFromEvent(request(), shown, event("a", { loss: [3, [4, 5], [0.5, "NaN"]], lr: [2, [4], ["Infinity"]] }), 100)!;
    expect([...runOf(next, "a").loss.x]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...runOf(next, "a").loss.y.subarray(4)]).toEqual([0.5, NaN]);
    expect(runOf(next, "a").loss.count).toBe(6);
    expect([...runOf(next, "a").lr.y]).toEqual([0, 0.2, Infinity]);
    // The other runs are the same objects: their charts' data is not rebuilt.
    expect(next.runs.b).toBe(shown.runs.b);
  });

  it("the same answer when the event adds nothing here: another run, keys not read, points already shown", () => {
    expect(appendFromEvent(request(), shown, event("z", { loss: [3, [4], [1]] }), 100)).toBe(shown);
    expect(appendFromEvent(request(), shown, event("a", { grad_norm: [3, [4], [1]] }), 100)).toBe(shown);
    expect(appendFromEvent(request(), shown, event("b", { loss: [2, [3, 4], [1, 1]] }), 100)).toBe(shown);
  });

  it("continues a smoothed line from the EMA state the server sent: the values the server sends for the whole series", () => {
    // The server's answer for the stored smoothing (default EMA): smoothed values, and the state at the last point.
    const raw = [2, 1.5, 1.2, NaN, 1, 0.9, 0.95, Infinity, 0.7, 0.7, 0.6, 0.65, 0.5];
    const answer = (n: number): DecodedSeries => {
      const y = Float64Array.from(raw.slice(0, n));
      const none = new Float64Array(0);
      return { x: Float64Array.from(y, (_, i) => i), y, smoothed: storedEma(none, y), ema: storedEmaState(none, y), count: n, downsampled: false };
    };
    const ema = request({ smooth: "ema:0.6" });
    let batch: SeriesBatch<DecodedSeries> = { x: "step", runs: { a: { loss: answer(2) } } };
    // Batches of 1, 3 (a NaN restarting the EMA), 2, then 7 (an Infinity, a flat pair, a change).
    for (const [from, to] of [
      [2, 3],
      [3, 6],
      [6, 8],
      [8, 13],
    ]) {
      const steps = raw.slice(from, to).map((_, i) => from + i);
      const values = raw.slice(from, to).map((v) => (Number.isFinite(v) ? v : (String(v) as "NaN" | "Infinity")));
      batch = appendFromEvent(ema, batch, event("a", { loss: [from - 1, steps, values] }), 100)!;
      const s = runOf(batch, "a").loss;
      expect([...s.x]).toEqual(raw.slice(0, to).map((_, i) => i));
      // To the last bit: the same steps from the same state.
      expect([...s.smoothed!]).toEqual([...answer(to).smoothed!]);
      expect(s.ema).toEqual(answer(to).ema);
    }
    // The event's state is a copy: the answer it continued from is unchanged.
    expect(answer(2).ema).toEqual(storedEmaState(new Float64Array(0), Float64Array.of(2, 1.5)));
  });

  it("null (the read instead) for a gap, no points, a smoothing without its EMA state, a zoom, another axis, no point shown, past the budget", () => {
    const ok = event("a", { loss: [3, [4], [1]] });
    expect(appendFromEvent(request(), shown, event("a", { loss: [4, [5], [1]] }), 100)).toBeNull(); // step 4 never seen
    expect(appendFromEvent(request(), shown, { runId: "a", keys: ["loss"] }, 100)).toBeNull();
    // Smoothed, and no EMA state sent with the series (another smoothing, a downsampled read's tail in blocks).
    expect(appendFromEvent(request({ smooth: "ema:0.6" }), shown, ok, 100)).toBeNull();
    expect(appendFromEvent(request({ smooth: "time-ema:20" }), shown, ok, 100)).toBeNull();
    expect(appendFromEvent(request({ from: 0, to: 50 }), shown, ok, 100)).toBeNull();
    expect(appendFromEvent(request({ x: "time" }), shown, ok, 100)).toBeNull();
    expect(appendFromEvent(request({}, ["a", "d"]), shown, event("d", { loss: [3, [4], [1]] }), 100)).toBeNull();
    expect(appendFromEvent(request(), shown, event("c", { lr: [3, [4], [1]] }), 100)).toBeNull();
    expect(appendFromEvent(request(), shown, ok, 4)).toBeNull();
    expect(appendFromEvent(request(), shown, ok, 100)).not.toBeNull();
  });

  it("events applied in turn continue each other, as one range read would have", () => {
    const once = appendFromEvent(request(), shown, event("a", { loss: [3, [4], [1]] }), 100)!;
    const twice = appendFromEvent(request(), once, event("a", { loss: [4, [6], [2]] }), 100)!;
    const read = mergeAppended(
      shown,
      { x: "step", runs: { a: { loss: { x: Float64Array.of(4, 6), y: Float64Array.of(1, 2), count: 2, downsampled: false } } } },
      100,
    )!;
    expect(runOf(twice, "a").loss).toEqual(runOf(read, "a").loss);
  });
});
