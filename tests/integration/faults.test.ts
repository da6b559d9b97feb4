import { spawnSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import * as runs from "@/app/api/v1/runs/route";
import * as run from "@/app/api/v1/runs/[id]/route";
import * as projects from "@/app/api/v1/projects/route";
import { MAX_JSON_DEPTH } from "@/lib/schemas/common";
import { call, uniqueSlug } from "./http";

/** A config whose innermost object is `depth` levels down: {"a":{"a":…{}}}. */
function nested(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) v = { a: v };
  return v;
}

describe("create-if-missing project", () => {
  it("gives every one of several simultaneous runs naming a new project a 201, in one project", async () => {
    // Five rounds of eight: the find-then-upsert this replaces lost the race in most rounds on PostgreSQL.
    for (let round = 0; round < 5; round++) {
      const project = uniqueSlug("race");
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => call(runs.POST, "POST", "/api/v1/runs", { body: { project, name: `r${i}` } })));
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
      const list = (await call(projects.GET, "GET", "/api/v1/projects")).json.projects.filter((p: { slug: string }) => p.slug === project);
      expect(list).toHaveLength(1);
      expect(list[0].runCount).toBe(8);
    }
  });
});

describe("out-of-range input is a 400 naming the field", () => {
  it("refuses a startedAt past year 9999 (1e13 is milliseconds, not seconds)", async () => {
    for (const startedAt of [1e13, 253_402_300_800]) {
      const r = await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug(), startedAt } });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe("invalid_argument");
      expect(r.json.error.details[0].path).toBe("startedAt");
    }
    const ok = await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug(), startedAt: 253_402_300_799 } });
    expect(ok.status).toBe(201);
  });

  it(`refuses a config nested deeper than ${MAX_JSON_DEPTH} levels, on create and on update`, async () => {
    const deep = await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug(), config: nested(3000) } });
    expect(deep.status).toBe(400);
    expect(deep.json.error.details[0]).toMatchObject({ path: "config", message: `nested more than ${MAX_JSON_DEPTH} levels deep` });
    const justOver = await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug(), config: nested(MAX_JSON_DEPTH + 1) } });
    expect(justOver.status).toBe(400);
    const atLimit = await call(runs.POST, "POST", "/api/v1/runs", { body: { project: uniqueSlug(), config: nested(MAX_JSON_DEPTH) } });
    expect(atLimit.status).toBe(201);
    const p = { params: { id: atLimit.json.id } };
    const patch = await call(run.PATCH, "PATCH", `/api/v1/runs/${atLimit.json.id}`, { ...p, body: { summary: { x: [nested(3000)] } } });
    expect(patch.status).toBe(400);
    expect(patch.json.error.details[0].path).toBe("summary");
  });
});

describe("database faults", () => {
  const databaseUrl = inject("databaseUrl");
  it.skipIf(!databaseUrl)("an idle pooled connection terminated by PostgreSQL is logged, never an uncaughtException", () => {
    const r = spawnSync(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "tests/integration/scripts/idle-connection-terminated.ts", databaseUrl],
      {
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(r.stderr).not.toContain("uncaughtException");
    expect(r.stdout).toMatch(/terminated [1-9]\d*; survived 1/);
    expect(r.stderr).toContain("idle PostgreSQL connection lost");
    expect(r.status).toBe(0);
  });
});
