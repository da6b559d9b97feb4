import { beforeAll, describe, expect, it } from "vitest";
import * as demo from "@/app/api/v1/demo/route";
import * as runs from "@/app/api/v1/runs/route";
import * as analysis from "@/app/api/v1/runs/[id]/analysis/route";
import * as compare from "@/app/api/v1/compare/route";
import { call } from "./http";

// The shipped demo runs are real PyTorch runs with known schedules: the stored data must give the
// same diagnosis through the API as the analysis library gives on the raw files.
let byName: Record<string, string> = {};
beforeAll(async () => {
  await call(demo.POST, "POST", "/api/v1/demo");
  const list = (await call(runs.GET, "GET", "/api/v1/runs?project=demo&limit=100")).json;
  byName = Object.fromEntries(list.runs.map((r: { name: string; id: string }) => [r.name, r.id]));
});

const analyze = (name: string, qs = "") => call(analysis.GET, "GET", `/api/v1/runs/${byName[name]}/analysis?${qs}`, { params: { id: byName[name] } });

describe("GET /runs/{id}/analysis", () => {
  it("recognises the schedule and replays ReduceLROnPlateau with the run's parameters", async () => {
    const r = await analyze("sgd-2e-2-plateau", "factor=0.5&patience=2");
    expect(r.status).toBe(200);
    expect(r.json.schedule.type).toBe("plateau");
    expect(r.json.plateauReplay.reductions.map((x: { toLr: number }) => x.toLr)).toEqual([0.01, 0.005, 0.0025, 0.00125, 0.000625, 0.0003125]);
    expect(r.json.plateauReplay.params).toMatchObject({ factor: 0.5, patience: 2, threshold: 1e-4, thresholdMode: "rel" });
  });

  it("recognises a multistep schedule with exact milestones", async () => {
    const r = (await analyze("sgd-2e-2-multistep")).json;
    expect(r.schedule.type).toBe("multistep");
    expect(r.schedule.params.milestonesEpochs).toEqual([15, 25]);
  });

  it("flags the NaN run at its first NaN and advises", async () => {
    const r = (await analyze("sgd-80-const-nan")).json;
    expect(r.events.some((e: { type: string }) => e.type === "nan")).toBe(true);
    expect(r.advice.some((a: { severity: string }) => a.severity !== "info")).toBe(true);
  });

  it("rejects bad replay parameters with the field at fault", async () => {
    const r = await analyze("sgd-2e-2-plateau", "factor=2");
    expect(r.status).toBe(400);
    expect(r.json.error.details[0].path).toBe("query.factor");
  });
});

describe("GET /compare", () => {
  it("diffs configs, summarises, groups by optimizer and gives a verdict", async () => {
    const ids = ["adamw-1e-3-cosine-s0", "adamw-1e-3-cosine-s1", "adamw-1e-3-cosine-s2", "sgd-5e-2-poly-s0", "sgd-5e-2-poly-s1", "sgd-5e-2-poly-s2"].map(
      (n) => byName[n],
    );
    const r = await call(compare.GET, "GET", `/api/v1/compare?runs=${ids.join(",")}&groupBy=optimizer`);
    expect(r.status).toBe(200);
    const j = r.json;
    expect(Object.keys(j.configDiff)).toEqual(expect.arrayContaining(["optimizer", "lr", "schedule", "seed"]));
    expect(j.configDiff.optimizer[ids[0]]).toBe("AdamW");
    expect(j.summary[ids[1]].best).toBeCloseTo(0.5330022173324365, 12);
    expect(j.summary[ids[1]].bestEpoch).toBe(j.summary[ids[1]].bestStep / 20);
    expect(j.summary[ids[1]].timeTo95).toBeGreaterThan(0);
    expect(j.groups).toHaveLength(2);
    expect(j.groups.map((g: { n: number }) => g.n)).toEqual([3, 3]);
    expect(j.verdict.better).toBe("optimizer=AdamW");
    expect(j.verdict.confounders).toEqual([]);
    expect(typeof j.verdict.text).toBe("string");
  });

  it("404s on an unknown run", async () => {
    const r = await call(compare.GET, "GET", `/api/v1/compare?runs=${byName["sgd-2e-2-exp"]},nope`);
    expect(r.status).toBe(404);
  });
});

describe("GET /runs/diagnosis", () => {
  it("labels each run's schedule, flags a config mismatch, and badges a running run stuck on a plateau", async () => {
    const { GET } = await import("@/app/api/v1/runs/diagnosis/route");
    const created = await call(runs.POST, "POST", "/api/v1/runs", { body: { project: "diag-live", name: "stalled", config: { schedule: "cosine" } } });
    const id = created.json.id;
    const { POST } = await import("@/app/api/v1/runs/[id]/metrics/route");
    const step = Array.from({ length: 30 }, (_, i) => i * 10);
    const miou = step.map((_, i) => (i < 8 ? 0.1 * i : 0.7));
    await call(POST, "POST", `/api/v1/runs/${id}/metrics`, {
      params: { id },
      body: { step, epoch: step.map((s) => s / 10), values: { mIoU: miou, lr: step.map(() => 0.01) } },
    });
    const ids = [byName["sgd-2e-2-multistep"], id];
    const r = await call(GET, "GET", `/api/v1/runs/diagnosis?ids=${ids.join(",")}`);
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.json.runs.map((d: { id: string }) => [d.id, d]));
    expect(byId[ids[0]].schedule.type).toBe("multistep");
    expect(byId[ids[0]].plateau).toBeNull();
    expect(byId[id].schedule).toMatchObject({ type: "constant", mismatch: { configured: "cosine", observed: "constant" } });
    expect(byId[id].plateau).toMatchObject({ sinceStep: 70, sinceEpoch: 7 });
    // Edits log nothing, yet the diagnosis reads them (config.schedule, status): it is not kept past them.
    const { PATCH } = await import("@/app/api/v1/runs/[id]/route");
    const edit = await call(PATCH, "PATCH", `/api/v1/runs/${id}`, { params: { id }, body: { config: { schedule: "constant" }, status: "finished" } });
    expect(edit.status).toBe(200);
    const again = (await call(GET, "GET", `/api/v1/runs/diagnosis?ids=${id}`)).json.runs[0];
    expect(again.schedule).toMatchObject({ type: "constant", mismatch: null });
    expect(again.plateau).toBeNull();
  });
});
