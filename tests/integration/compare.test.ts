import { beforeAll, describe, expect, it } from "vitest";
import * as compare from "@/app/api/v1/compare/route";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import { summarizeRun } from "@/lib/compare/summary";
import { fromWire, toWire, type WireNumber } from "@/lib/schemas/wire";
import { call, uniqueSlug } from "./http";

// GET /api/v1/compare reads the runs' stored stats and block summaries. These pin its answers for
// the runs that stress that read: non-finite values, a run with no points, a run long enough to be
// read from block summaries over several chunks (the figures below are the ones the answer gave
// before the read was rewritten), and runs of projects the caller may not read.

const project = uniqueSlug("cmp");
const ids: Record<string, string> = {};

async function newRun(name: string, config: Record<string, unknown>): Promise<string> {
  const r = await call(runs.POST, "POST", "/api/v1/runs", { body: { project, name, config } });
  expect(r.status).toBe(201);
  return r.json.id;
}

async function log(id: string, body: Record<string, unknown>) {
  const r = await call(metrics.POST, "POST", `/api/v1/runs/${id}/metrics`, { params: { id }, body });
  expect(r.status).toBe(200);
}

/** A wire value (numbers and "NaN"/"±Infinity") as a number. */
const num = (v: unknown) => (v === null ? null : fromWire(v as WireNumber));
const wired = (values: number[]) => values.map(toWire);

// A short run: every point is read, so its summary is the summary of exactly what was logged.
const SHORT = {
  step: [0, 10, 20, 30, 40, 50],
  epoch: [0, 1, 2, 3, 4, 5],
  time: [1000, 1010, 1020, 1030, 1040, 1050],
  mIoU: [0.1, Number.NaN, 0.5, Number.POSITIVE_INFINITY, 0.45, 0.4],
  loss: [2, 1.5, Number.NEGATIVE_INFINITY, 1, 0.9, 0.8],
  lr: [0.1, 0.1, 0.05, 0.05, 0.01, 0.01],
};
const LONG_STEPS = 40_000; // three chunks (16,384 points each): read as block summaries
const long = (f: (s: number) => number) => Array.from({ length: LONG_STEPS }, (_, s) => f(s));

beforeAll(async () => {
  ids.nonFinite = await newRun("non-finite", { optimizer: "SGD", lr: 0.1, seed: 1 });
  ids.empty = await newRun("empty", { optimizer: "SGD", lr: 0.1, seed: 2 });
  ids.long = await newRun("long", { optimizer: "AdamW", lr: 0.001, seed: 3 });
  ids.finite = await newRun("finite", { optimizer: "AdamW", lr: 0.001, seed: 4 });
  const { step, epoch, time, mIoU, loss, lr } = SHORT;
  await log(ids.nonFinite, { step, epoch, time, values: { mIoU: wired(mIoU), loss: wired(loss), lr } });
  await log(ids.finite, { step, epoch, time, values: { mIoU: [0.2, 0.3, 0.35, 0.36, 0.37, 0.37], loss: [2, 1, 0.7, 0.6, 0.55, 0.5], lr } });
  await log(ids.long, {
    step: long((s) => s),
    epoch: long((s) => s / 1000),
    time: long((s) => 5000 + s * 0.5),
    values: {
      mIoU: long((s) => 0.6 * (1 - Math.exp(-s / 8000)) + 0.01 * Math.sin(s / 50)),
      loss: long((s) => 2 / (1 + s / 2000)),
      lr: long((s) => 0.001 * (1 - s / LONG_STEPS)),
    },
  });
});

// What the answer gave for the long run before the read was rewritten (bucket means of 1/500 of
// the run; the best and its step from the stored stats).
const PINNED = {
  bestEpoch: 39.967499999999994,
  stepsTo90: 18272,
  stepsTo95: 23008,
  timeTo90: 9120,
  timeTo95: 11488,
  auc: 0.48114254575396814,
  lrAtBest: 0.0000040125,
  groups: [
    ["optimizer=AdamW", 2],
    ["optimizer=SGD", 1],
  ],
  verdict:
    "optimizer=SGD (n=1: best mIoU 0.5) beats optimizer=AdamW (n=2: best mIoU 0.4876 ± 0.1662) by 0.0124 (fewer than 2 seeds per arm, so seed noise is unknown). optimizer=SGD converges faster (95% of its best after 20 steps on average). optimizer=AdamW is more stable. No other setting varies within an arm.",
};

const get = (qs: string, headers?: Record<string, string>) => call(compare.GET, "GET", `/api/v1/compare?${qs}`, { headers });

describe("GET /compare, read from stored stats and summaries", () => {
  it("summarises a run with NaN and ±Infinity as the summary of what it logged, non-finite values as data", async () => {
    const r = await get(`runs=${ids.nonFinite},${ids.finite}`);
    expect(r.status).toBe(200);
    const xy = (y: number[]) => ({ x: SHORT.step, y });
    const expected = summarizeRun({
      metric: xy(SHORT.mIoU),
      mode: "max",
      lr: xy(SHORT.lr),
      loss: xy(SHORT.loss),
      time: SHORT.time,
      toEpoch: (s) => s / 10,
    });
    const got = Object.fromEntries(
      Object.entries(r.json.summary[ids.nonFinite]).map(([k, v]) => [k, typeof v === "boolean" || k === "divergedReason" ? v : num(v)]),
    );
    expect(got).toEqual(expected);
    expect(got).toMatchObject({ best: 0.5, bestStep: 20, bestEpoch: 2, final: 0.4, lrAtBest: 0.05, diverged: true, divergedReason: "non_finite_metric" });
    // The run list shows the stored best (finite values only), as the runs table does.
    const listed = r.json.runs.find((x: { id: string }) => x.id === ids.nonFinite);
    expect(listed.best).toEqual({ metric: "mIoU", mode: "max", value: 0.5, step: 20 });
    expect(r.json.runs.map((x: { id: string }) => x.id)).toEqual([ids.nonFinite, ids.finite]);
  });

  it("gives a run without points an empty summary, and still diffs its config and groups it", async () => {
    const r = await get(`runs=${ids.empty},${ids.finite}&groupBy=optimizer`);
    expect(r.status).toBe(200);
    expect(r.json.summary[ids.empty]).toEqual({
      best: null,
      bestStep: null,
      bestEpoch: null,
      final: null,
      stepsTo90: null,
      stepsTo95: null,
      timeTo90: null,
      timeTo95: null,
      auc: null,
      lrAtBest: null,
      diverged: false,
      divergedReason: null,
    });
    expect(r.json.runs[0]).toMatchObject({ id: ids.empty, name: "empty", project, best: { value: null, step: null }, lastStep: null });
    expect(r.json.configDiff.seed).toEqual({ [ids.empty]: 2, [ids.finite]: 4 });
    expect(r.json.groups.map((g: { label: string; runIds: string[] }) => [g.label, g.runIds])).toEqual([
      ["optimizer=SGD", [ids.empty]],
      ["optimizer=AdamW", [ids.finite]],
    ]);
  });

  it("summarises a long run from its block summaries: best exact, the rest at 1/500 of the run, as before", async () => {
    const r = await get(`runs=${ids.long},${ids.finite},${ids.nonFinite}&groupBy=optimizer`);
    expect(r.status).toBe(200);
    const s = r.json.summary[ids.long];
    const miou = (step: number) => 0.6 * (1 - Math.exp(-step / 8000)) + 0.01 * Math.sin(step / 50);
    const exactBest = Math.max(...long(miou));
    expect(s.best).toBe(exactBest);
    expect(miou(s.bestStep)).toBe(exactBest);
    // The last logged value, from the stats (it was the last bucket's mean, 0.6051…, before).
    expect(s.final).toBe(miou(LONG_STEPS - 1));
    // Bucket means over the three chunks, in step order (a misplaced chunk would move all of these).
    expect(s.bestEpoch).toBeCloseTo(PINNED.bestEpoch, 9);
    expect(s.stepsTo90).toBe(PINNED.stepsTo90);
    expect(s.stepsTo95).toBe(PINNED.stepsTo95);
    expect(s.timeTo90).toBeCloseTo(PINNED.timeTo90, 6);
    expect(s.timeTo95).toBeCloseTo(PINNED.timeTo95, 6);
    expect(s.auc).toBeCloseTo(PINNED.auc, 12);
    expect(s.lrAtBest).toBeCloseTo(PINNED.lrAtBest, 12);
    expect(s.diverged).toBe(false);
    expect(r.json.groups.map((g: { label: string; n: number }) => [g.label, g.n])).toEqual(PINNED.groups);
    expect(r.json.verdict.text).toBe(PINNED.verdict);
  });

  it("answers a comparison read again from its kept summaries, and a run's every append in the next answer", async () => {
    // Kept summaries are keyed by the run row's version: each append (the first through the
    // transaction, the next through the fast path) must show, never the summary kept before it.
    const growing = await newRun("growing", { optimizer: "SGD", lr: 0.1, seed: 5 });
    const summaryOf = async () => {
      const r = await get(`runs=${growing},${ids.finite}`);
      expect(r.status).toBe(200);
      const s = r.json.summary[growing];
      return { best: num(s.best), bestStep: num(s.bestStep), final: num(s.final), verdict: r.json.verdict?.text };
    };
    await log(growing, { step: [0, 1], values: { mIoU: [0.1, 0.2] } });
    const first = await summaryOf();
    expect(first).toMatchObject({ best: 0.2, bestStep: 1, final: 0.2 });
    expect(await summaryOf()).toEqual(first);
    await log(growing, { step: [2], values: { mIoU: [0.9] } });
    const second = await summaryOf();
    expect(second).toMatchObject({ best: 0.9, bestStep: 2, final: 0.9 });
    expect(second.verdict).not.toBe(first.verdict);
    await log(growing, { step: [3], values: { mIoU: [Number.NaN].map(toWire) } });
    expect(await summaryOf()).toMatchObject({ best: 0.9, bestStep: 2, final: Number.NaN });
  });

  it("404s naming the runs that don't exist", async () => {
    const r = await get(`runs=${ids.finite},nope-1,nope-2`);
    expect(r.status).toBe(404);
    expect(r.json.error.message).toContain("nope-1, nope-2");
  });
});
