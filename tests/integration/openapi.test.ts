import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { call } from "./http";

describe("OpenAPI document", () => {
  it("describes every v1 path with request schemas taken from the zod schemas", async () => {
    const doc = (await call(GET, "GET", "/api/v1/openapi.json")).json;
    expect(doc.openapi).toBe("3.1.0");
    for (const p of [
      "/api/v1/projects",
      "/api/v1/runs",
      "/api/v1/runs/{id}",
      "/api/v1/runs/{id}/metrics",
      "/api/v1/runs/{id}/metrics.csv",
      "/api/v1/runs/{id}/heartbeat",
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
    const createRun = doc.paths["/api/v1/runs"].post.requestBody.content["application/json"].schema;
    expect(createRun.required).toEqual(["project"]);
    expect(Object.keys(createRun.properties)).toEqual(expect.arrayContaining(["name", "config", "tags", "externalId", "startedAt"]));
    const listParams = doc.paths["/api/v1/runs"].get.parameters.map((p: { name: string }) => p.name);
    expect(listParams).toEqual(["project", "status", "tag", "review", "q", "sort", "order", "limit", "cursor"]);
  });

  it("documents the smooth parameter of the series reads from its zod schema", async () => {
    const doc = (await call(GET, "GET", "/api/v1/openapi.json")).json;
    for (const p of ["/api/v1/runs/{id}/metrics", "/api/v1/series"]) {
      const smooth = doc.paths[p].get.parameters.find((q: { name: string }) => q.name === "smooth");
      expect(smooth, p).toMatchObject({ in: "query", required: false, schema: { type: "string" } });
      expect(smooth.schema.description).toMatch(/ema:<weight/);
    }
  });
});
