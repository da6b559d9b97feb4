import { z } from "zod";
import { ZCreateProject, ZUpdateProject } from "@/lib/schemas/projects";
import { ZCreateRun, ZListRuns, ZUpdateRun } from "@/lib/schemas/runs";
import { MAX_POINTS_PER_REQUEST, ZReadMetrics } from "@/lib/schemas/metrics";
import { MAX_BATCH_BYTES } from "@/lib/server/api/body";
import { ERROR_STATUS } from "@/lib/server/api/errors";

type Json = Record<string, unknown>;

const schema = (s: z.ZodType): Json => z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Json;

/** Query parameters documented from the same zod schema the route parses them with. */
function queryParams(s: z.ZodObject): Json[] {
  return Object.entries(s.shape).map(([name, field]) => ({
    name,
    in: "query",
    required: !(field as z.ZodType).safeParse(undefined).success,
    schema: schema(field as z.ZodType),
  }));
}

const wireValue = { oneOf: [{ type: "number" }, { type: "null" }, { enum: ["NaN", "Infinity", "-Infinity"] }] };
const metricsBatch: Json = {
  description: `A batch in rows or columns form; at most ${MAX_POINTS_PER_REQUEST} points. batchId makes retries safe.`,
  oneOf: [
    {
      type: "object",
      required: ["points"],
      properties: {
        points: {
          type: "array",
          items: {
            type: "object",
            required: ["step", "values"],
            properties: {
              step: { type: "integer", minimum: 0 },
              epoch: { type: "number" },
              time: { type: ["number", "string"] },
              values: { type: "object", additionalProperties: wireValue },
            },
          },
        },
        batchId: { type: "string" },
      },
    },
    {
      type: "object",
      required: ["step", "values"],
      properties: {
        step: { type: "array", items: { type: "integer", minimum: 0 } },
        epoch: { type: "array", items: { type: ["number", "null"] } },
        time: { type: "array", items: { type: ["number", "string", "null"] } },
        values: { type: "object", additionalProperties: { type: "array", items: wireValue } },
        batchId: { type: "string" },
      },
    },
  ],
};

const errorSchema: Json = {
  type: "object",
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { enum: Object.keys(ERROR_STATUS) },
        message: { type: "string" },
        details: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } },
      },
    },
  },
};

const jsonBody = (s: Json) => ({ required: true, content: { "application/json": { schema: s } } });
const ok = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const errors = { default: { description: "Error envelope; see codes", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } } };
const idParam = [{ name: "id", in: "path", required: true, schema: { type: "string" } }];
const op = (summary: string, extra: Json, responses: Json) => ({ summary, ...extra, responses: { ...responses, ...errors } });

/** The OpenAPI 3.1 description served at /api/v1/openapi.json. */
export function openApiDocument(extraPaths: Json = {}): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "Anneal API",
      version: "1",
      description: `Log training runs and read them back. Metric batches up to ${MAX_BATCH_BYTES / 1024 / 1024} MiB after gzip decoding (Content-Encoding: gzip accepted), other JSON bodies up to 1 MiB. Auth: Authorization: Bearer <api key>, a session cookie (team mode), or HTTP Basic; in local mode on a loopback address nothing is needed.`,
    },
    servers: [{ url: "/" }],
    components: { schemas: { Error: errorSchema, MetricsBatch: metricsBatch }, securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
    security: [{}, { apiKey: [] }],
    paths: {
      "/api/v1/projects": {
        get: op("List projects", {}, { 200: ok("{projects: [...]}") }),
        post: op("Create a project", { requestBody: jsonBody(schema(ZCreateProject)) }, { 201: ok("The project") }),
      },
      "/api/v1/projects/{slug}": {
        get: op("Get a project", { parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }] }, { 200: ok("The project") }),
        patch: op(
          "Update a project (name, description, main metric)",
          { parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }], requestBody: jsonBody(schema(ZUpdateProject)) },
          { 200: ok("The project") },
        ),
      },
      "/api/v1/runs": {
        get: op("List a project's runs", { parameters: queryParams(ZListRuns) }, { 200: ok("{runs: [...], nextCursor, total}") }),
        post: op(
          "Create a run (idempotent by externalId)",
          { requestBody: jsonBody(schema(ZCreateRun)) },
          { 201: ok("Created"), 200: ok("Existing run with that externalId") },
        ),
      },
      "/api/v1/runs/{id}": {
        get: op("Get a run with config, summary and metric ranges", { parameters: idParam }, { 200: ok("The run") }),
        patch: op(
          "Update status, name, tags, notes; merge config and summary",
          { parameters: idParam, requestBody: jsonBody(schema(ZUpdateRun)) },
          { 200: ok("The run") },
        ),
        delete: op("Delete a run", { parameters: idParam }, { 204: { description: "Deleted" } }),
      },
      "/api/v1/runs/{id}/heartbeat": { post: op("Mark a run alive", { parameters: idParam }, { 204: { description: "Recorded" } }) },
      "/api/v1/runs/{id}/metrics": {
        post: op(
          "Log a batch of metrics (all or nothing)",
          { parameters: idParam, requestBody: jsonBody({ $ref: "#/components/schemas/MetricsBatch" }) },
          { 200: ok("{accepted, duplicate}") },
        ),
        get: op(
          "Read series, downsampled with min/max per bucket",
          { parameters: [...idParam, ...queryParams(ZReadMetrics)] },
          { 200: ok("{series: {key: {x, y, min, max, count, downsampled, smoothed?}}}") },
        ),
      },
      "/api/v1/series": {
        get: op(
          "Read series of many runs at once (compare charts)",
          { parameters: [{ name: "runs", in: "query", required: true, schema: { type: "string" } }, ...queryParams(ZReadMetrics)] },
          { 200: ok("{x, runs: {runId: {key: series} | {error}}}") },
        ),
      },
      "/api/v1/runs/{id}/metrics.csv": {
        get: op("Every point as CSV", { parameters: idParam }, { 200: { description: "text/csv", content: { "text/csv": {} } } }),
      },
      "/api/v1/demo": { post: op("Load the example runs into project 'demo'", {}, { 200: ok("{project, runs, created}") }) },
      ...extraPaths,
    },
  };
}
