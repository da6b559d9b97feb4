import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { ROUTES } from "@/lib/server/api/registry";
import { openApiPath } from "@/lib/server/openapi/document";
import { call } from "./http";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

interface Schema {
  type?: string;
  format?: string;
  description?: string;
  required?: string[];
  properties: Record<string, Schema>;
  anyOf?: Schema[];
}
interface Operation {
  summary: string;
  parameters: { name: string; in: string; required: boolean; schema: Schema }[];
  requestBody: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content: Record<string, { schema: Schema }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}
const openApi = async () => (await call(GET, "GET", "/api/v1/openapi.json")).json as Document;

/** Every route file and exported method under app/api: "GET /api/v1/runs/[id]" → the exported handler. */
async function routeFiles(): Promise<Map<string, unknown>> {
  const root = path.join(process.cwd(), "app", "api");
  const out = new Map<string, unknown>();
  for (const f of fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("route.ts"))) {
    const route = "/api/" + path.dirname(f).split(path.sep).join("/");
    const mod = (await import(/* @vite-ignore */ path.join(root, f))) as Record<string, unknown>;
    for (const m of METHODS) if (typeof mod[m] === "function") out.set(`${m} ${route}`, mod[m]);
  }
  return out;
}

describe("route registry", () => {
  it("has one entry per route file and method, and each apiRoute serves its own file's entry", async () => {
    const files = await routeFiles();
    expect(
      [...files.keys()].filter((k) => !(k in ROUTES)),
      "route files without a registry entry",
    ).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((k) => !files.has(k)),
      "registry entries without a route file",
    ).toEqual([]);
    // apiRoute tags its handler with the entry it serves: a route file must not serve another route's entry.
    const wrong = [...files].filter(([key, h]) => (h as { route?: string }).route !== undefined && (h as { route?: string }).route !== key);
    expect(wrong.map(([k, h]) => `${k} serves ${(h as { route: string }).route}`)).toEqual([]);
    const untagged = [...files].filter(
      ([key, h]) => (h as { route?: string }).route === undefined && !(ROUTES as Record<string, { servedBy?: string }>)[key]?.servedBy,
    );
    expect(
      untagged.map(([k]) => k),
      "routes not served through apiRoute",
    ).toEqual([]);
  });
});

describe("OpenAPI document", () => {
  it("describes every registered route and method, with request and response schemas from zod", async () => {
    const doc = await openApi();
    expect(doc.openapi).toBe("3.1.0");
    for (const [key, entry] of Object.entries(ROUTES)) {
      if ("servedBy" in entry) continue;
      const [method, file] = key.split(" ");
      const op = doc.paths[openApiPath(file)]?.[method.toLowerCase()];
      expect(op, key).toBeDefined();
      expect(op.summary, key).toBe(entry.summary);
      const ok = Object.keys(op.responses).filter((s) => Number(s) < 400);
      expect(ok.length, `${key}: a success answer`).toBeGreaterThan(0);
    }
    const createRun = doc.paths["/api/v1/runs"].post.requestBody.content["application/json"].schema;
    expect(createRun.required).toEqual(["project"]);
    expect(Object.keys(createRun.properties)).toEqual(expect.arrayContaining(["name", "config", "tags", "externalId", "startedAt"]));
    const listParams = doc.paths["/api/v1/runs"].get.parameters.map((p) => p.name);
    expect(listParams).toEqual(["project", "status", "tag", "review", "q", "sort", "order", "limit", "cursor"]);
    // Answers are documented as they travel: a run's best value may be a number or a non-finite spelling.
    const run = doc.paths["/api/v1/runs/{id}"].get.responses["200"].content["application/json"].schema;
    expect(run.required).toEqual(expect.arrayContaining(["id", "status", "summary", "metrics"]));
    expect(JSON.stringify(run.properties.best.properties.value)).toContain('"NaN"');
    expect(run.properties.startedAt).toMatchObject({ type: "string", format: "date-time" });
    expect(doc.paths["/api/v1/runs/{id}/metrics"].post.requestBody.content["application/json"].schema.anyOf).toHaveLength(2);
    expect(doc.paths["/api/v1/import"].post.requestBody.content["multipart/form-data"]).toBeDefined();
  });

  it("documents MLflow's endpoints from the table that serves them", async () => {
    const doc = await openApi();
    expect(doc.paths["/api/2.0/mlflow/runs/log-batch"].post.requestBody.content["application/json"].schema.properties).toHaveProperty("run_id");
    expect(doc.paths["/api/2.0/mlflow/experiments/get"].get.parameters.map((p) => p.name)).toContain("experiment_id");
    expect(doc.paths["/api/2.0/mlflow-artifacts/artifacts/{path}"].put).toBeDefined();
    // MLflow 3's logged models: path parameters, documented once (in the path).
    const model = doc.paths["/api/2.0/mlflow/logged-models/{model_id}"];
    expect(model.get.parameters).toEqual([{ name: "model_id", in: "path", required: true, schema: { type: "string" } }]);
    expect(model.patch.requestBody.content["application/json"].schema.properties).toHaveProperty("status");
    expect(doc.paths["/api/2.0/mlflow/logged-models/{model_id}/tags/{tag_key}"].delete.parameters.map((p) => p.name)).toEqual(["model_id", "tag_key"]);
  });

  it("documents the smooth parameter of the series reads from its zod schema", async () => {
    const doc = await openApi();
    for (const p of ["/api/v1/runs/{id}/metrics", "/api/v1/series"]) {
      const smooth = doc.paths[p].get.parameters.find((q) => q.name === "smooth");
      expect(smooth, p).toMatchObject({ in: "query", required: false, schema: { type: "string" } });
      expect(smooth!.schema.description).toMatch(/ema:<weight/);
    }
  });
});
