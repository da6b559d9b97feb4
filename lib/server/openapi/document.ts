import "server-only";
import { z } from "zod";
import { MAX_POINTS_PER_REQUEST } from "@/lib/schemas/metrics";
import { ZErrorEnvelope } from "@/lib/schemas/wire";
import { MAX_BATCH_BYTES, DEFAULT_MAX_JSON_BYTES } from "@/lib/server/api/body";
import { ERROR_STATUS } from "@/lib/server/api/errors";
import { ROUTES, type Answer, type RouteEntry } from "@/lib/server/api/registry";
import type { Access } from "@/lib/server/auth/access";
import { ARTIFACT_ENDPOINTS, TRACKING_ENDPOINTS } from "@/lib/server/mlflow/endpoints";
import type { MlflowEndpoint } from "@/lib/server/mlflow/route";

type Json = Record<string, unknown>;

/** What travels: the input side of every schema (requests as sent, answers as received — codecs' wire form). */
const schema = (s: z.ZodType): Json => {
  const json = z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Json;
  delete json.$schema;
  return json;
};

/** Query parameters documented from the same zod schema the route parses them with. */
function queryParams(s: z.ZodObject): Json[] {
  return Object.entries(s.shape).map(([name, field]) => ({
    name,
    in: "query",
    required: !(field as z.ZodType).safeParse(undefined).success,
    schema: schema(field as z.ZodType),
  }));
}

/** "/api/v1/runs/[id]" → "/api/v1/runs/{id}" (catch-alls: "{path}"). */
export const openApiPath = (file: string) => file.replace(/\[\[?(?:\.\.\.)?(\w+)\]\]?/g, "{$1}");
const pathParams = (path: string): Json[] =>
  [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));

const ERROR = { $ref: "#/components/schemas/Error" };
const errors = {
  default: { description: `Error envelope (codes: ${Object.keys(ERROR_STATUS).join(", ")})`, content: { "application/json": { schema: ERROR } } },
};

function response(answer: Answer): Json {
  if (answer === "empty") return { description: "No content" };
  if (answer instanceof z.ZodType) return { description: answer.description ?? "OK", content: { "application/json": { schema: schema(answer) } } };
  return { description: answer.description, ...(answer.contentType ? { content: { [answer.contentType]: {} } } : {}) };
}

function accessText(access: Access): string {
  if (typeof access === "string") return access;
  const where =
    access.project === "in-body"
      ? "the project named in the request"
      : "param" in access.project
        ? `the ${access.project.is} in {${access.project.param}}`
        : `the ${access.project.is} in ?${access.project.query}`;
  return `${access.need} on ${where}`;
}

function operation(entry: RouteEntry, path: string): Json {
  const responses: Json = {};
  for (const [status, answer] of Object.entries(entry.responses)) responses[status] = response(answer);
  const ok = Object.keys(entry.responses).find((s) => Number(s) < 300);
  if (entry.otherContent && ok) {
    const r = responses[ok] as { content?: Json };
    r.content = { ...r.content, [entry.otherContent.contentType ?? "*/*"]: { description: entry.otherContent.description } };
  }
  const limit = entry.maxBodyBytes ?? DEFAULT_MAX_JSON_BYTES;
  const body = entry.form
    ? { required: true, content: { "multipart/form-data": { schema: schema(entry.form) } } }
    : entry.body
      ? { required: true, description: `At most ${limit} bytes (after gzip decoding)`, content: { "application/json": { schema: schema(entry.body) } } }
      : undefined;
  return {
    summary: entry.summary,
    ...(entry.description ? { description: entry.description } : {}),
    "x-access": accessText(entry.access),
    parameters: [...pathParams(path), ...(entry.query ? queryParams(entry.query) : [])],
    ...(body ? { requestBody: body } : {}),
    responses: { ...responses, ...errors },
  };
}

/** MLflow's endpoints, from the table that serves them: requests as MLflow clients send them, answers in MLflow's shape. */
function mlflowPaths(prefix: string, endpoints: MlflowEndpoint[], what: string): Record<string, Json> {
  const paths: Record<string, Json> = {};
  for (const e of endpoints) {
    const path = e.path === "*" ? `${prefix}/{path}` : e.path ? `${prefix}/${e.path}` : prefix;
    const inQuery = e.method === "GET" || e.method === "DELETE";
    const request = e.request instanceof z.ZodObject ? e.request : undefined;
    (paths[path] ??= {})[e.method.toLowerCase()] = {
      summary: `${what} ${e.path === "*" ? "(artifact path)" : e.path || "(list)"}`,
      tags: ["MLflow"],
      "x-access": `${e.access} on the experiment/run named in the request`,
      // A path parameter ({model_id}) is not a query parameter too, though the request message names it.
      parameters: [...pathParams(path), ...(inQuery && request ? queryParams(request).filter((q) => !path.includes(`{${String(q.name)}}`)) : [])],
      ...(!inQuery && e.parse !== "none" && e.request ? { requestBody: { content: { "application/json": { schema: schema(e.request) } } } } : {}),
      ...(e.parse === "none" ? { requestBody: { content: { "application/octet-stream": {} } } } : {}),
      responses: {
        200: { description: "MLflow's answer, in MLflow's shape (https://mlflow.org/docs/latest/rest-api.html)", content: { "application/json": {} } },
        default: { description: "MLflow's error shape: {error_code, message}", content: { "application/json": {} } },
      },
    };
  }
  return paths;
}

let built: Json | undefined;

/** The OpenAPI 3.1 description served at /api/v1/openapi.json, generated from the route registry once per process (~0.1 s). */
export function openApiDocument(): Json {
  return (built ??= buildDocument());
}

function buildDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const [key, entry] of Object.entries(ROUTES) as [string, RouteEntry][]) {
    if (entry.servedBy) continue;
    const [method, file] = key.split(" ");
    const path = openApiPath(file);
    (paths[path] ??= {})[method.toLowerCase()] = operation(entry, path);
  }
  Object.assign(
    paths,
    mlflowPaths("/api/2.0/mlflow", TRACKING_ENDPOINTS, "MLflow tracking:"),
    mlflowPaths("/api/2.0/mlflow-artifacts/artifacts", ARTIFACT_ENDPOINTS, "MLflow artifacts:"),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Anneal API",
      version: "1",
      description: [
        `Log training runs and read them back. Metric batches up to ${MAX_BATCH_BYTES / 1024 / 1024} MiB after gzip decoding (Content-Encoding: gzip accepted) and ${MAX_POINTS_PER_REQUEST} points, other JSON bodies up to 1 MiB.`,
        `Numbers computed from metrics may be "NaN", "Infinity" or "-Infinity" (JSON has no such numbers).`,
        `Auth: Authorization: Bearer <api key>, a session cookie (team mode), or HTTP Basic; in local mode on a loopback address nothing is needed. x-access says what each operation needs.`,
        `MLflow's REST API is served under /api/2.0/mlflow and /ajax-api/2.0/mlflow in MLflow's own shapes (docs/mlflow.md).`,
      ].join(" "),
    },
    servers: [{ url: "/" }],
    components: { schemas: { Error: schema(ZErrorEnvelope) }, securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
    security: [{}, { apiKey: [] }],
    paths,
  };
}
