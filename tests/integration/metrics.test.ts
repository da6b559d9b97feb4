import { describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as run from "@/app/api/v1/runs/[id]/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import * as csv from "@/app/api/v1/runs/[id]/metrics.csv/route";
import { call, uniqueSlug } from "./http";

async function newRun() {
  const r = await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug() } });
  return r.json.id as string;
}
const post = (id: string, body: unknown, extra: object = {}) => call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body, ...extra });
const read = (id: string, qs = "maxPoints=0") => call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?${qs}`, { params: { id } }).then((r) => r.json);

describe("metrics ingest", () => {
  it("accepts the rows form and the columns form, NaN/Infinity strings included", async () => {
    const id = await newRun();
    const rows = await post(id, {
      points: [
        { step: 0, epoch: 0, values: { lr: 0.0095, loss: "NaN" } },
        { step: 1, values: { loss: "Infinity" } },
      ],
    });
    expect(rows.json).toEqual({ accepted: 3, duplicate: false });
    const cols = await post(id, { step: [2, 3], epoch: [0, 1], values: { lr: [0.0095, null], loss: [1.5, "-Infinity"] } });
    expect(cols.json).toEqual({ accepted: 3, duplicate: false });
    const s = (await read(id)).series;
    expect(s.lr).toMatchObject({ x: [0, 2], y: [0.0095, 0.0095], count: 2, downsampled: false });
    expect(s.loss.y).toEqual(["NaN", "Infinity", 1.5, "-Infinity"]);
    const got = (await call(run.GET, "GET", `/api/v1/runs/${id}`, { params: { id } })).json;
    expect(got.metrics).toEqual([
      { key: "loss", count: 4, stepMin: 0, stepMax: 3, nonFinite: 3 },
      { key: "lr", count: 2, stepMin: 0, stepMax: 2, nonFinite: 0 },
    ]);
    expect(got.summary.loss).toMatchObject({ last: "-Infinity", lastStep: 3, best: 1.5, bestStep: 2 });
    expect(got.lastStep).toBe(3);
  });

  it("a live chart's read of its few new points comes whole (its length, not gzipped); a long read streams", async () => {
    const id = await newRun();
    const step = Array.from({ length: 2_000 }, (_, i) => i);
    await post(id, { step, values: { loss: step.map((s) => 1 / (s + 1)), lr: step.map(() => 1e-3) } });
    const get = (qs: string) => call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?${qs}`, { params: { id } });
    const tail = await get("keys=loss,lr&x=step&from=1998&maxPoints=2000");
    expect(tail.json.series.loss).toMatchObject({ x: [1998, 1999], count: 2, downsampled: false });
    expect(tail.json.series.lr.x).toEqual([1998, 1999]);
    expect(tail.headers.get("cache-control")).toBe("no-transform");
    expect(Number(tail.headers.get("content-length"))).toBe(Buffer.byteLength(tail.text));
    const whole = await get("keys=loss,lr&x=step&maxPoints=0");
    expect(whole.json.series.loss.x).toHaveLength(2_000);
    expect(whole.headers.get("cache-control")).toBeNull();
    expect(whole.headers.get("content-length")).toBeNull();
  });

  it("handles out-of-order steps and keeps the last write per (step, key)", async () => {
    const id = await newRun();
    await post(id, { step: [10, 11, 12], values: { loss: [1, 2, 3] } });
    await post(id, { step: [0, 1], values: { loss: [9, 8] } });
    await post(id, { step: [11, 5, 11], values: { loss: [20, 5, 21] } });
    const s = (await read(id)).series.loss;
    expect(s.x).toEqual([0, 1, 5, 10, 11, 12]);
    expect(s.y).toEqual([9, 8, 5, 1, 21, 3]);
    const got = (await call(run.GET, "GET", `/api/v1/runs/${id}`, { params: { id } })).json;
    expect(got.summary.loss).toMatchObject({ min: 1, minStep: 10, max: 21, maxStep: 11, last: 3 });
  });

  it("merges many small appends and still reads every point", async () => {
    const id = await newRun();
    for (let b = 0; b < 30; b++) {
      const step = Array.from({ length: 100 }, (_, i) => b * 100 + i);
      await post(id, { step, values: { lr: step.map((s) => 0.01 * 0.999 ** s) } });
    }
    const s = (await read(id)).series.lr;
    expect(s.count).toBe(3000);
    expect(s.y[2999]).toBe(0.01 * 0.999 ** 2999);
  });

  it("de-duplicates a retried batchId and writes nothing the second time", async () => {
    const id = await newRun();
    const batch = { step: [0, 1], values: { loss: [1, 2] }, batchId: "b-1" };
    expect((await post(id, batch)).json).toEqual({ accepted: 2, duplicate: false });
    expect((await post(id, { ...batch, values: { loss: [7, 7] } })).json).toEqual({ accepted: 0, duplicate: true });
    expect((await read(id)).series.loss.y).toEqual([1, 2]);
  });

  it("accepts gzip bodies", async () => {
    const id = await newRun();
    const step = Array.from({ length: 5000 }, (_, i) => i);
    const r = await post(id, { step, values: { loss: step.map((s) => 1 / (s + 1)) } }, { gzip: true });
    expect(r.json.accepted).toBe(5000);
  });

  describe("bad input gets its code and writes nothing", () => {
    const cases: [string, unknown, number, string, string?][] = [
      ["wrong value type", { step: [0, 1], values: { loss: [1, "abc"] } }, 400, "invalid_argument", "values.loss[1]"],
      ["mismatched lengths", { step: [0, 1], values: { loss: [1] } }, 400, "invalid_argument", "values.loss"],
      ["negative step", { step: [0, -1], values: { loss: [1, 2] } }, 400, "invalid_argument", "step[1]"],
      ["non-integer step", { points: [{ step: 1.5, values: { loss: 1 } }] }, 400, "invalid_argument", "points[0].step"],
      ["reserved key", { step: [0], values: { _epoch: [1] } }, 400, "invalid_argument", "values._epoch"],
      ["missing values", { step: [0] }, 400, "invalid_argument", "values"],
      ["too many points", { step: new Array(1_000_001).fill(0), values: {} }, 413, "payload_too_large"],
    ];
    for (const [name, body, status, code, path] of cases) {
      it(name, async () => {
        const id = await newRun();
        const r = await post(id, body);
        expect(r.status).toBe(status);
        expect(r.json.error.code).toBe(code);
        if (path) expect(r.json.error.details.map((d: { path: string }) => d.path)).toContain(path);
        expect((await read(id)).series).toEqual({});
      });
    }

    it("malformed JSON", async () => {
      const id = await newRun();
      const r = await call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, {
        params: { id },
        rawBody: '{"step": [0',
        headers: { "content-type": "application/json" },
      });
      expect(r.status).toBe(400);
      expect(r.json.error.message).toMatch(/Malformed JSON/);
    });

    it("wrong content type", async () => {
      const id = await newRun();
      const r = await call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, {
        params: { id },
        rawBody: "step=1",
        headers: { "content-type": "text/plain" },
      });
      expect(r.status).toBe(415);
      expect(r.json.error.code).toBe("unsupported_media_type");
    });

    it("unknown run", async () => {
      const r = await post("nosuchrun", { step: [0], values: { loss: [1] } });
      expect(r.status).toBe(404);
      expect(r.json.error.code).toBe("not_found");
    });

    it("oversized body by Content-Length", async () => {
      const id = await newRun();
      const r = await call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, {
        params: { id },
        rawBody: "{}",
        headers: { "content-type": "application/json", "content-length": String(2 ** 31) },
      });
      expect(r.status).toBe(413);
    });
  });
});

describe("metrics read", () => {
  it("downsamples with min/max per bucket and keeps a spike and a NaN", async () => {
    const id = await newRun();
    const n = 200_000;
    const step = Array.from({ length: n }, (_, i) => i);
    const loss = step.map((s) => (s === 123_457 ? 1000 : s === 77_777 ? "NaN" : 2 / (1 + s / 1000)));
    for (let i = 0; i < n; i += 50_000) await post(id, { step: step.slice(i, i + 50_000), values: { loss: loss.slice(i, i + 50_000) } });
    const r = (await read(id, "maxPoints=500")).series.loss;
    expect(r.downsampled).toBe(true);
    expect(r.count).toBe(n);
    expect(r.x.length).toBeLessThanOrEqual(500);
    expect(Math.max(...r.max.filter((v: number | null) => v !== null))).toBe(1000);
    expect(r.y.filter((y: unknown) => y === "NaN")).toHaveLength(1);
    const zoom = (await read(id, "maxPoints=500&from=123400&to=123500")).series.loss;
    expect(zoom.downsampled).toBe(false);
    expect(zoom.x).toHaveLength(101);
    expect(zoom.y[57]).toBe(1000);
  });

  it("puts points on the epoch and relative-time axes", async () => {
    const id = await newRun();
    await post(id, { step: [0, 10, 20, 30], epoch: [0, 0.5, 1, 1.5], time: [1000, 1010, 1020, 1030], values: { lr: [1, 2, 3, 4] } });
    expect((await read(id, "x=epoch&maxPoints=0")).series.lr.x).toEqual([0, 0.5, 1, 1.5]);
    expect((await read(id, "x=relative&maxPoints=0")).series.lr.x).toEqual([0, 10, 20, 30]);
    expect((await read(id, "x=epoch&from=0.5&to=1&maxPoints=0")).series.lr.y).toEqual([2, 3]);
    const noEpoch = await newRun();
    await post(noEpoch, { step: [0], values: { lr: [1] } });
    const r = await call(metrics.GET, "GET", `/api/v1/runs/${noEpoch}/metrics?x=epoch`, { params: { id: noEpoch } });
    expect(r.status).toBe(400);
  });

  it("exports every point as CSV", async () => {
    const id = await newRun();
    await post(id, { step: [0, 1, 2], epoch: [0, 0, 1], values: { lr: [0.1, null, 0.05], loss: [2, "NaN", 1] } });
    const r = await call(csv.GET, "GET", `/api/v1/runs/${id}/metrics.csv`, { params: { id } });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/text\/csv/);
    expect(r.text).toBe("step,epoch,loss,lr\n0,0,2,0.1\n1,0,NaN,\n2,1,1,0.05\n");
  });

  it("exports metric keys a spreadsheet would run as formulas as text; negative numbers stay numbers", async () => {
    const id = await newRun();
    const keys = ['=HYPERLINK("http://evil.example","x")', "+cmd", "@SUM(A1)", "-1+2"];
    const logged = await post(id, { step: [0], values: Object.fromEntries(keys.map((k) => [k, [-0.5]])) });
    expect(logged.status, logged.text).toBeLessThan(300);
    const r = await call(csv.GET, "GET", `/api/v1/runs/${id}/metrics.csv`, { params: { id } });
    expect(r.status).toBe(200);
    const [header, row] = r.text.split("\n");
    expect(header).toBe(`step,'+cmd,'-1+2,"'=HYPERLINK(""http://evil.example"",""x"")",'@SUM(A1)`);
    expect(row).toBe("0,-0.5,-0.5,-0.5,-0.5");
  });
});

describe("GET /api/v1/series (many runs at once)", () => {
  it("returns each run's series like the per-run read, and names runs without the axis", async () => {
    const { GET } = await import("@/app/api/v1/series/route");
    const a = await newRun();
    const b = await newRun();
    await post(a, { step: [0, 10], epoch: [0, 1], values: { mIoU: [0.1, 0.2] } });
    await post(b, { step: [0, 10, 20], values: { mIoU: [0.3, 0.4, "NaN"] } });
    const r = await call(GET, "GET", `/api/v1/series?runs=${a},${b}&keys=mIoU&maxPoints=0`);
    expect(r.status).toBe(200);
    expect(r.json.runs[a].mIoU).toMatchObject({ x: [0, 10], y: [0.1, 0.2] });
    expect(r.json.runs[b].mIoU.y).toEqual([0.3, 0.4, "NaN"]);
    const byEpoch = await call(GET, "GET", `/api/v1/series?runs=${a},${b}&keys=mIoU&x=epoch&maxPoints=0`);
    expect(byEpoch.json.runs[a].mIoU.x).toEqual([0, 1]);
    expect(byEpoch.json.runs[b].error.code).toBe("invalid_argument");
    expect((await call(GET, "GET", `/api/v1/series?runs=${a},nope`)).status).toBe(404);
  });

  it("answers the same read with format=binary: float32 buckets, float64 points, NaN and the visible min/max included", async () => {
    const { GET } = await import("@/app/api/v1/series/route");
    const { decodeSeriesBatch, SERIES_BINARY_TYPE } = await import("@/lib/metrics/series-binary");
    const a = await newRun();
    const b = await newRun();
    const step = Array.from({ length: 1000 }, (_, i) => i);
    await post(a, { step, values: { loss: step.map((s) => (s === 500 ? "NaN" : 1 / (1 + s) + (s % 2) * 0.01)), lr: step.map((s) => 1e-3 * (1 - s / 1000)) } });
    await post(b, { step: [0, 1], epoch: [0, 1], values: { loss: [2, "Infinity"] } });
    const binary = async (path: string) => {
      const res = await GET(new Request(`http://127.0.0.1:3000${path}&format=binary`), { params: Promise.resolve({}) });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(SERIES_BINARY_TYPE);
      return decodeSeriesBatch(await res.arrayBuffer());
    };
    const path = `/api/v1/series?runs=${a},${b}&keys=loss&maxPoints=100&x=epoch`;
    const json = (await call(GET, "GET", path)).json;
    const bin = await binary(path);
    expect(bin.runs[a]).toEqual(json.runs[a]);
    expect(json.runs[a].error.code).toBe("invalid_argument");
    const b2 = bin.runs[b] as Record<string, { x: Float64Array; y: Float64Array; min?: Float64Array }>;
    expect([...b2.loss.x]).toEqual([0, 1]);
    expect([...b2.loss.y]).toEqual([2, Infinity]);
    expect(b2.loss.min).toBeUndefined();

    type Decoded = { x: Float64Array; y: Float64Array; min?: Float64Array; max?: Float64Array; count: number; downsampled: boolean };
    const stepRead = (await binary(`/api/v1/series?runs=${a}&keys=loss,lr&maxPoints=100`)).runs[a] as Record<string, Decoded>;
    const wire = (await call(GET, "GET", `/api/v1/series?runs=${a}&keys=loss,lr&maxPoints=100`)).json.runs[a];
    const s = stepRead.loss;
    expect(s).toMatchObject({ count: 1000, downsampled: true });
    expect([...s.x]).toEqual(wire.loss.x);
    // Buckets travel as float32: 7 significant digits.
    const f32 = (v: number | string | null) => (v === null ? NaN : typeof v === "string" ? Number(v) : Math.fround(v));
    expect([...s.y]).toEqual(wire.loss.y.map(f32));
    // The bucket holding step 500 is NaN (a divergence is never averaged away); its extremes stay finite.
    const nanBucket = wire.loss.y.indexOf("NaN");
    expect(Number.isNaN(s.y[nanBucket])).toBe(true);
    expect(s.min![nanBucket]).toBe(f32(wire.loss.min[nanBucket]));
    expect([...s.max!]).toEqual(wire.loss.max.map(f32));
    // A straight LR schedule's buckets spread over less than a pixel: no envelope is sent, and x is the loss's.
    expect(stepRead.lr.min).toBeUndefined();
    expect([...stepRead.lr.y]).toEqual(wire.lr.y.map(f32));
    expect(stepRead.lr.x).toEqual(s.x);
  });
});
