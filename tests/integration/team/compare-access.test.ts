import { beforeAll, describe, expect, it, vi } from "vitest";
import * as compare from "@/app/api/v1/compare/route";
import { call } from "../http";
import { makeWorld, type World } from "./world";

vi.hoisted(() => {
  process.env.ANNEAL_MODE = "team";
});

// GET /api/v1/compare authorizes every compared run's project before it reads anything: one run
// the caller may not read refuses the whole comparison, exactly as that run alone would be.
const get = (qs: string, headers?: Record<string, string>) => call(compare.GET, "GET", `/api/v1/compare?${qs}`, { headers });

describe("GET /compare, runs of a project the caller may not read", () => {
  let w: World;
  let inA: string;
  let inB: string;
  beforeAll(async () => {
    w = await makeWorld();
    inA = w.run;
    inB = await w.newRun(w.b);
  });

  it("refuses the whole comparison when any run is in a project the caller can't read, as for that run alone", async () => {
    for (const role of ["viewer", "readKey"] as const) {
      const alone = await get(`runs=${inB}`, w.headers(role));
      const mixed = await get(`runs=${inA},${inB}`, w.headers(role));
      expect(alone.status).toBeGreaterThanOrEqual(400);
      expect([mixed.status, mixed.json.error.code]).toEqual([alone.status, alone.json.error.code]);
      expect(mixed.text).not.toContain(inA);
      expect((await get(`runs=${inA}`, w.headers(role))).status).toBe(200);
    }
    expect((await get(`runs=${inA},${inB}`, w.headers("admin"))).status).toBe(200);
    expect((await get(`runs=${inA},${inB}`)).status).toBe(401);
  });
});
