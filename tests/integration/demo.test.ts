import { describe, expect, it } from "vitest";
import * as demo from "@/app/api/v1/demo/route";
import * as runs from "@/app/api/v1/runs/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import { call } from "./http";

describe("demo data", () => {
  it("loads the shipped real training runs once, with their LR and mIoU", async () => {
    const first = await call(demo.POST, "POST", "/api/v1/demo");
    expect(first.status).toBe(200);
    expect(first.json.runs).toBe(24);
    const again = await call(demo.POST, "POST", "/api/v1/demo");
    expect(again.json.created).toBe(0);
    const list = (await call(runs.GET, "GET", "/api/v1/runs?project=demo&sort=best&limit=100")).json;
    expect(list.total).toBe(24);
    const plateau = list.runs.find((r: { name: string }) => r.name === "sgd-2e-2-plateau");
    expect(plateau).toMatchObject({ status: "finished", optimizer: "SGD", lr: 0.02, schedule: "plateau", lastStep: 800 });
    expect(plateau.best.value).toBeCloseTo(0.4763991709224053, 12);
    const s = (await call(metrics.GET, "GET", `/api/v1/runs/${plateau.id}/metrics?keys=lr,mIoU&maxPoints=0`, { params: { id: plateau.id } })).json.series;
    expect(s.lr.count).toBe(800);
    expect(s.lr.y[0]).toBe(0.02);
    expect(s.lr.y[121]).toBe(0.01);
    expect(s.mIoU.count).toBe(40);
  });
});
