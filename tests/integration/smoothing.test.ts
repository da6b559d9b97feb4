import { describe, expect, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import { emaContinue } from "@/lib/charts/ema-state";
import { smooth, type Smoothing } from "@/lib/charts/smoothing";
import { NONFINITE_WIRE } from "@/lib/schemas/common";
import { call, uniqueSlug } from "./http";

// The server smooths the full-resolution series and buckets the result exactly as it buckets raw
// values. The reference: the test smooths the series it logged (lib/charts/smoothing.ts) and logs
// that too, as `ref_*` keys with the same steps (so the same chunks); the server's plain bucketed
// `y` of a ref key is then what `smoothed` of the raw key must be.
const N = 50_000;
const SMOOTHINGS: Record<string, { param: string; s: Smoothing }> = {
  ema: { param: "ema:0.6", s: { kind: "ema", weight: 0.6 } },
  ema99: { param: "ema:0.99", s: { kind: "ema", weight: 0.99 } },
  timeema: { param: "time-ema:30", s: { kind: "time-ema", halfLife: 30 } },
  // 3σ = 120.9 steps: no point sits exactly on the kernel's cut-off, on either axis.
  gauss: { param: "gaussian:40.3", s: { kind: "gaussian", sigma: 40.3 } },
  running: { param: "running:101", s: { kind: "running", window: 101 } },
};

function noisyLoss(steps: number[], seed: number): number[] {
  let state = seed;
  const rand = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
  return steps.map((s) => (s >= 20_000 && s < 20_050 ? NaN : s === 30_000 ? Infinity : 1 / (1 + s / 5000) + 0.2 * rand()));
}

const wire = (v: number) => (Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
const num = (v: number | string) => (typeof v === "number" ? v : NONFINITE_WIRE[v as keyof typeof NONFINITE_WIRE]);

async function newRun() {
  const r = await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug() } });
  return r.json.id as string;
}
const post = (id: string, body: unknown) => call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body });
const read = async (id: string, qs: string) => {
  const r = await call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?${qs}`, { params: { id } });
  expect(r.status, r.text).toBe(200);
  return r.json.series;
};

/** Logs `loss` and, for each smoothing, its full-series smoothing as `ref_<name>`. */
async function logWithRefs(id: string, steps: number[], loss: number[]) {
  const values: Record<string, (number | string)[]> = { loss: loss.map(wire) };
  for (const [name, { s }] of Object.entries(SMOOTHINGS)) values[`ref_${name}`] = Array.from(smooth({ x: steps, y: loss }, s), wire);
  const r = await post(id, { step: steps, epoch: steps.map((s) => s / 1000), values });
  expect(r.status, r.text).toBe(200);
}

function expectClose(actual: (number | string)[], expected: (number | string)[]) {
  expect(actual.length).toBe(expected.length);
  expect(actual.length).toBeGreaterThan(0);
  for (let i = 0; i < actual.length; i++) {
    const a = num(actual[i]);
    const e = num(expected[i]);
    if (!Number.isFinite(e)) expect(a, `at ${i}`).toBe(e);
    else expect(Math.abs(a - e), `at ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(1e-9);
  }
}

async function expectSmoothedLikeRef(id: string, name: string, qs: string) {
  const s = await read(id, `keys=loss,ref_${name}&smooth=${SMOOTHINGS[name].param}&${qs}`);
  expect(s.loss.x).toEqual(s[`ref_${name}`].x);
  expectClose(s.loss.smoothed, s[`ref_${name}`].y);
  return s.loss;
}

describe("smoothing over the full-resolution series", () => {
  const steps = Array.from({ length: N }, (_, i) => i);
  const loss = noisyLoss(steps, 7);
  const runId = newRun().then(async (id) => (await logWithRefs(id, steps, loss), id));

  for (const name of Object.keys(SMOOTHINGS)) {
    it(`${name}: downsampled whole run, zooms and full resolution equal the full smoothing, bucketed like y`, async () => {
      const id = await runId;
      const whole = await expectSmoothedLikeRef(id, name, "maxPoints=500");
      expect(whole.downsampled).toBe(true);
      expect(whole.smoothed.filter((v: unknown) => v === "NaN").length).toBeGreaterThan(0);
      // Coarser buckets: blocks of 256 folded from the cached 64s.
      await expectSmoothedLikeRef(id, name, "maxPoints=100");
      // A zoom with cached inner chunks and edge chunks read point by point; then one with < 64 points per bucket.
      expect((await expectSmoothedLikeRef(id, name, "maxPoints=500&from=10000&to=45000")).downsampled).toBe(true);
      expect((await expectSmoothedLikeRef(id, name, "maxPoints=500&from=19000&to=24000")).downsampled).toBe(true);
      // Full resolution: the smoothed value at each point, history before `from` included.
      const raw = await expectSmoothedLikeRef(id, name, "maxPoints=0&from=20030&to=20500");
      expect(raw.downsampled).toBe(false);
      expect(raw.x).toHaveLength(471);
    });
  }

  it("works on the epoch axis (σ and half-life in epochs)", async () => {
    const id = await runId;
    await expectSmoothedLikeRef(id, "ema", "x=epoch&maxPoints=500&from=10&to=45");
    // x-based smoothings see the points where the axis puts them (steps mapped to epochs): the
    // reference smooths over the x the server answers at full resolution, logged as one more key.
    const x = (await read(id, "keys=loss&x=epoch&maxPoints=0")).loss.x as number[];
    const byEpoch: Record<string, Smoothing> = {
      ref_gauss_epoch: { kind: "gaussian", sigma: 0.0403 },
      ref_timeema_epoch: { kind: "time-ema", halfLife: 0.03 },
    };
    const values = Object.fromEntries(Object.entries(byEpoch).map(([key, sm]) => [key, Array.from(smooth({ x, y: loss }, sm), wire)]));
    expect((await post(id, { step: steps, values })).status).toBe(200);
    for (const [key, param] of [
      ["ref_gauss_epoch", "gaussian:0.0403"],
      ["ref_timeema_epoch", "time-ema:0.03"],
    ]) {
      for (const range of ["maxPoints=500&from=10&to=45", "maxPoints=0&from=20&to=21"]) {
        const s = await read(id, `keys=loss,${key}&x=epoch&smooth=${param}&${range}`);
        expectClose(s.loss.smoothed, s[key].y);
      }
    }
  });

  it("refuses a Gaussian too wide to compute in reasonable time, naming query.smooth", async () => {
    const id = await runId;
    const r = await call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?keys=loss&smooth=gaussian:100000`, { params: { id } });
    expect(r.status).toBe(400);
    expect(r.json.error.details[0].path).toBe("query.smooth");
  });

  it("leaves the answer as it was without smooth or with smooth=none", async () => {
    const id = await runId;
    const plain = await read(id, "keys=loss&maxPoints=500");
    expect(plain.loss.smoothed).toBeUndefined();
    expect(await read(id, "keys=loss&maxPoints=500&smooth=none")).toEqual(plain);
    const smoothed = await read(id, "keys=loss&maxPoints=500&smooth=ema:0.6");
    expect({ ...smoothed.loss, smoothed: undefined }).toEqual({ ...plain.loss, smoothed: undefined });
  });
});

describe("smoothing cache", () => {
  it("reflects new and rewritten points on the next read", async () => {
    const id = await newRun();
    const steps = Array.from({ length: 40_000 }, (_, i) => i);
    let loss = noisyLoss(steps, 11);
    await logWithRefs(id, steps, loss);
    await expectSmoothedLikeRef(id, "ema", "maxPoints=500");
    await expectSmoothedLikeRef(id, "gauss", "maxPoints=500");
    // Rewrite points in the middle (count, extent and last value unchanged), then append.
    const rewritten = steps.slice(5_000, 5_500);
    const newLoss = noisyLoss(rewritten, 99);
    loss = loss.map((v, i) => (i >= 5_000 && i < 5_500 ? newLoss[i - 5_000] : v));
    await logWithRefs(id, steps, loss);
    await expectSmoothedLikeRef(id, "ema", "maxPoints=500");
    const more = Array.from({ length: 60_000 }, (_, i) => i);
    const moreLoss = [...loss, ...noisyLoss(more.slice(40_000), 5)];
    await logWithRefs(id, more, moreLoss);
    const s = await expectSmoothedLikeRef(id, "ema", "maxPoints=500");
    expect(s.count).toBe(60_000);
    await expectSmoothedLikeRef(id, "gauss", "maxPoints=500");
  });
});

describe("smoothWait=false", () => {
  it("answers at once while a first smoothing is computed in the background, then the smoothed series", async () => {
    const id = await newRun();
    const steps = Array.from({ length: 40_000 }, (_, i) => i);
    await logWithRefs(id, steps, noisyLoss(steps, 3));
    const first = await read(id, "keys=loss,ref_ema99&smooth=ema:0.99&smoothWait=false&maxPoints=500");
    expect(first.loss.smoothedPending).toBe(true);
    expect(first.loss.smoothed).toBeUndefined();
    // The raw series comes as always.
    expect(first.loss.y).toEqual((await read(id, "keys=loss&maxPoints=500")).loss.y);
    let later = first;
    for (let i = 0; i < 100 && later.loss.smoothedPending; i++) {
      await new Promise((r) => setTimeout(r, 50));
      later = await read(id, "keys=loss,ref_ema99&smooth=ema:0.99&smoothWait=false&maxPoints=500");
    }
    expect(later.loss.smoothedPending).toBeUndefined();
    expectClose(later.loss.smoothed, later.ref_ema99.y);
  });
});

describe("the smooth parameter", () => {
  it.each(["ema:1.5", "ema:-0.1", "ema:", "ema", "gaussian:0", "time-ema:-3", "running:4", "running:2.5", "running:0", "loess:3", "ema:0.6:1"])(
    "rejects %s with 400 naming query.smooth",
    async (bad) => {
      const id = await newRun();
      const r = await call(metrics.GET, "GET", `/api/v1/runs/${id}/metrics?smooth=${encodeURIComponent(bad)}`, { params: { id } });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe("invalid_argument");
      expect(r.json.error.details.map((d: { path: string }) => d.path)).toEqual(["query.smooth"]);
    },
  );

  it("is accepted by the many-runs read, each run's series smoothed", async () => {
    const { GET } = await import("@/app/api/v1/series/route");
    const a = await newRun();
    const b = await newRun();
    await post(a, { step: [0, 1, 2, 3], values: { loss: [1, 2, 3, 4] } });
    await post(b, { step: [0, 1, 2], values: { loss: [4, "NaN", 2] } });
    const r = await call(GET, "GET", `/api/v1/series?runs=${a},${b}&keys=loss&maxPoints=0&smooth=ema:0.5`);
    expect(r.status, r.text).toBe(200);
    expect(r.json.runs[a].loss.smoothed).toEqual(Array.from(smooth({ x: [0, 1, 2, 3], y: [1, 2, 3, 4] }, { kind: "ema", weight: 0.5 })));
    expect(r.json.runs[b].loss.smoothed).toEqual([4, "NaN", 2]);
    const bad = await call(GET, "GET", `/api/v1/series?runs=${a}&smooth=gaussian:x`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("query.smooth");
  });
});

describe("the stored EMA's state in the compare view's read", () => {
  it("comes with each series whose last point the read holds raw; continued over points logged later, it gives what the server then sends", async () => {
    const { GET } = await import("@/app/api/v1/series/route");
    const { decodeSeriesBatch } = await import("@/lib/metrics/series-binary");
    type Series = import("@/lib/metrics/series-binary").DecodedSeries;
    const binary = async (qs: string) => {
      const res = await GET(new Request(`http://127.0.0.1:3000/api/v1/series?${qs}&format=binary`), { params: Promise.resolve({}) });
      expect(res.status).toBe(200);
      return decodeSeriesBatch(await res.arrayBuffer());
    };
    const id = await newRun();
    const steps = Array.from({ length: 300 }, (_, i) => i);
    const loss = noisyLoss(steps, 11).map((v, i) => (i === 120 ? NaN : i === 250 ? -Infinity : i >= 260 && i < 265 ? 0.5 : v));
    await post(id, { step: steps.slice(0, 200), values: { loss: loss.slice(0, 200).map(wire) } });
    const read = async (qs: string) => (await binary(`runs=${id}&keys=loss&smooth=ema:0.6&smoothWait=false&${qs}`)).runs[id] as Record<string, Series>;
    let shown = (await read("maxPoints=1000")).loss;
    // Small batches, as a live run logs them, across a -Infinity and a flat stretch.
    for (const [from, to] of [
      [200, 201],
      [201, 240],
      [240, 262],
      [262, 300],
    ]) {
      expect(shown.ema).toMatchObject({ weight: 0.6 });
      const continued = emaContinue({ ...shown.ema! }, Float64Array.from(loss.slice(from, to)));
      await post(id, { step: steps.slice(from, to), values: { loss: loss.slice(from, to).map(wire) } });
      shown = (await read("maxPoints=1000")).loss;
      const sent = shown.smoothed!.subarray(from, to);
      continued.forEach((v, i) => {
        if (!Number.isFinite(sent[i])) expect(v, `at ${from + i}`).toBe(sent[i]);
        else expect(Math.abs(v - sent[i]), `at ${from + i}`).toBeLessThanOrEqual(1e-12);
      });
    }
    // The new range alone (a live chart's read) carries the state too.
    expect((await read("maxPoints=1000&from=290")).loss.ema).toEqual(shown.ema);
    // No state where the read doesn't reach the last point, or smooths otherwise: those charts read.
    expect((await read("maxPoints=1000&from=0&to=250")).loss.ema).toBeUndefined();
    const other = (await binary(`runs=${id}&keys=loss&smooth=ema:0.5&maxPoints=1000`)).runs[id] as Record<string, Series>;
    expect(other.loss.smoothed).toBeDefined();
    expect(other.loss.ema).toBeUndefined();

    // A long run drawn downsampled, its last chunk read as block summaries: the state from its last raw values.
    const long = await newRun();
    const many = Array.from({ length: 5000 }, (_, i) => i);
    const y = noisyLoss(many, 3);
    await post(long, { step: many.slice(0, 4990), values: { loss: y.slice(0, 4990).map(wire) } });
    const bucketed = ((await binary(`runs=${long}&keys=loss&smooth=ema:0.6&maxPoints=20`)).runs[long] as Record<string, Series>).loss;
    expect(bucketed.downsampled).toBe(true);
    expect(bucketed.ema).toMatchObject({ weight: 0.6 });
    const continued = emaContinue({ ...bucketed.ema! }, Float64Array.from(y.slice(4990)));
    await post(long, { step: many.slice(4990), values: { loss: y.slice(4990).map(wire) } });
    const sent = ((await binary(`runs=${long}&keys=loss&smooth=ema:0.6&maxPoints=0&from=4990`)).runs[long] as Record<string, Series>).loss.smoothed!;
    expect(sent.length).toBe(10);
    continued.forEach((v, i) => expect(Math.abs(v - sent[i]), `at ${4990 + i}`).toBeLessThanOrEqual(1e-12));
  });
});
