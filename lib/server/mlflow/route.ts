import "server-only";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import type { Database } from "@/lib/db/client";
import { MlflowError, type MlflowErrorCode } from "@/lib/mlflow/errors";
import type { Auth } from "@/lib/server/auth/auth";
import { parseJsonBytes, readBodyBytes } from "@/lib/server/api/body";
import { ApiError, type ErrorCode } from "@/lib/server/api/errors";
import { authenticate } from "@/lib/server/auth/authenticate";
import { checkHost, checkOrigin } from "@/lib/server/http/request-guard";

/** Largest JSON body log-batch reads (MLflow's own limit is 1 MB; Anneal accepts bigger batches). */
export const MAX_MLFLOW_BODY_BYTES = 64 * 1024 * 1024;
/** Largest JSON body of every other MLflow endpoint (log-model's MLmodel and log-inputs' schema are the big ones, ≤ 1 MB each). */
export const DEFAULT_MLFLOW_BODY_BYTES = 4 * 1024 * 1024;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface EndpointContext<T> {
  db: Database;
  auth: Auth;
  req: T;
  request: Request;
  /** The whole path for a catch-all endpoint (path "*", e.g. an artifact's path); "" otherwise. Path parameters ({name}) are in req. */
  rest: string;
}

/**
 * One MLflow endpoint. Errors take MLflow's shape (`{"error_code", "message"}`, MLflow's statuses)
 * instead of Anneal's envelope: that is a property of every route served through mlflowRoutes.
 * `access` is the access the endpoint needs on the experiment/run it names (checked inside, where
 * the project is known). `parse: "none"` hands the raw request to the handler (uploads).
 */
export interface MlflowEndpoint<T = unknown> {
  method: HttpMethod;
  path: string;
  access: "read" | "write";
  request?: z.ZodType<T>;
  parse?: "json" | "none";
  /** Largest JSON body accepted (DEFAULT_MLFLOW_BODY_BYTES unless given). */
  maxBody?: number;
  /**
   * A faster reader of the body's bytes for the shapes it knows, giving the request as `request`
   * would (lib/mlflow/log-batch-reader.ts); null leaves the body to JSON.parse and `request`, whose
   * errors name the field at fault.
   */
  readBytes?: (bytes: Uint8Array) => T | null;
  /** The answer: an object (sent as JSON), or JSON text or bytes made by the handler, or a whole Response. */
  handle: (ctx: EndpointContext<T>) => Promise<object | string | Uint8Array | Response>;
}

export const endpoint = <T>(e: MlflowEndpoint<T>) => e as MlflowEndpoint<unknown>;

const FROM_API_ERROR: Record<ErrorCode, MlflowErrorCode> = {
  invalid_argument: "INVALID_PARAMETER_VALUE",
  unauthenticated: "UNAUTHENTICATED",
  permission_denied: "PERMISSION_DENIED",
  not_found: "RESOURCE_DOES_NOT_EXIST",
  conflict: "RESOURCE_ALREADY_EXISTS",
  gone: "RESOURCE_DOES_NOT_EXIST",
  payload_too_large: "RESOURCE_EXHAUSTED",
  unsupported_media_type: "BAD_REQUEST",
  misdirected_request: "PERMISSION_DENIED",
  unprocessable_file: "INVALID_PARAMETER_VALUE",
  rate_limited: "REQUEST_LIMIT_EXCEEDED",
  internal: "INTERNAL_ERROR",
};

export function mlflowErrorResponse(err: unknown): Response {
  let e: MlflowError;
  if (err instanceof MlflowError) e = err;
  else if (err instanceof ApiError) e = new MlflowError(FROM_API_ERROR[err.code], err.message);
  else {
    // Never echo internals: log them for the operator, answer a bare INTERNAL_ERROR.
    console.error("[anneal] internal error in the MLflow API:", err);
    e = new MlflowError("INTERNAL_ERROR", "Internal server error");
  }
  return Response.json(e.toJSON(), { status: e.status });
}

/**
 * The path parameters of `path` under an endpoint's pattern — `{name}` segments match one
 * segment each (`logged-models/{model_id}/tags/{tag_key}`), "*" any non-empty path — or null.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  if (pattern === "*") return path !== "" ? {} : null;
  if (!pattern.includes("{")) return pattern === path ? {} : null;
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const name = /^\{(\w+)\}$/.exec(want[i])?.[1];
    if (name && got[i] !== "") params[name] = got[i];
    else if (want[i] !== got[i]) return null;
  }
  return params;
}

/** GET parameters as MLflow's server reads them: a repeated key is a list. */
function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

function zodToMlflow(error: z.ZodError): MlflowError {
  const issue = error.issues[0];
  const field = issue.path.join(".") || "body";
  if (issue.code === "invalid_type" && issue.message.includes("undefined")) {
    return new MlflowError(
      "INVALID_PARAMETER_VALUE",
      `Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`,
    );
  }
  return new MlflowError("INVALID_PARAMETER_VALUE", `Invalid value for parameter '${field}': ${issue.message}`);
}

async function readBody(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (!request.body || request.headers.get("content-length") === "0") return null;
  return readBodyBytes(request, maxBytes, { anyContentType: true });
}

/** The request from the query string (GET, DELETE) or the JSON body: the endpoint's fast reader first, if any, then JSON.parse and its schema. */
async function readRequest(e: MlflowEndpoint, request: Request, method: HttpMethod, pathParams: Record<string, string>): Promise<unknown> {
  let raw: unknown;
  if (method === "GET" || method === "DELETE") raw = queryObject(new URL(request.url));
  else {
    const bytes = await readBody(request, e.maxBody ?? DEFAULT_MLFLOW_BODY_BYTES);
    const fast = bytes && !Object.keys(pathParams).length ? (e.readBytes?.(bytes) ?? null) : null;
    if (fast) return fast;
    raw = (bytes && parseJsonBytes(bytes)) ?? {};
  }
  // Path parameters join the request, as MLflow's server merges them into the request message.
  const parsed = (e.request ?? z.object({})).safeParse({ ...(raw as object), ...pathParams });
  if (!parsed.success) throw zodToMlflow(parsed.error);
  return parsed.data;
}

/**
 * Next.js handlers for a set of MLflow endpoints under one catch-all route: the `[...path]`
 * segments select the endpoint (an exact path, else a "*" endpoint for any non-empty path). Order: endpoint →
 * Origin (state-changing methods) → authentication → what the credentials alone decide → body/query
 * (bounded) → handler, which authorizes on the experiment's project before it reads or writes anything.
 *
 * MLflow's clients name the run or experiment of a POST only in its JSON body (no query parameter,
 * no path segment), so the project cannot be known before the body is read. What can be decided
 * without it is decided first — no identity (team mode), a read-only visitor or a read-only key
 * asking to write — so such a caller never gets a body read; everyone else's body is bounded per
 * endpoint (maxBody) and nothing is written before the handler's check on the named project.
 */
export function mlflowRoutes(endpoints: MlflowEndpoint[]) {
  const handler = (method: HttpMethod) => async (request: Request, ctx: { params: Promise<{ path?: string[] }> }) => {
    const started = performance.now();
    try {
      const path = ((await ctx.params).path ?? []).join("/");
      const matches = endpoints.flatMap((e) => {
        const pathParams = matchPath(e.path, path);
        return pathParams ? [{ e, pathParams }] : [];
      });
      if (!matches.length) throw new MlflowError("ENDPOINT_NOT_FOUND", `No MLflow endpoint '${path}' (see docs/mlflow.md for what Anneal serves)`);
      // A fixed path (logged-models/search) wins over a pattern (logged-models/{model_id}).
      const match = matches.filter((m) => m.e.method === method).sort((a, b) => Object.keys(a.pathParams).length - Object.keys(b.pathParams).length)[0];
      if (!match) {
        const allowed = [...new Set(matches.map((m) => m.e.method))].join(", ");
        return Response.json(
          { error_code: "BAD_REQUEST", message: `Method ${method} is not allowed here; use ${allowed}` },
          { status: 405, headers: { allow: allowed } },
        );
      }
      const e = match.e;
      // The same guards as every Anneal route (DNS rebinding, cross-origin writes); MLflow clients send no Origin.
      const refused = checkHost(request) ?? checkOrigin(request);
      if (refused) throw refused;
      const db = await getDatabase();
      // MLFLOW_TRACKING_TOKEN (Bearer) carries an API key; MLFLOW_TRACKING_USERNAME/PASSWORD (Basic)
      // carry a key as the password (any username), or a team-mode account's email and password.
      const auth = await authenticate(db, request);
      auth.requireIdentity(e.access === "write");
      if (e.access === "write" && auth.key?.scope === "read") throw new MlflowError("PERMISSION_DENIED", "This API key is read-only");
      const req = e.parse !== "none" ? await readRequest(e, request, method, match.pathParams) : undefined;
      const result = await e.handle({ db, auth, req, request, rest: e.path === "*" ? path : "" });
      if (result instanceof Response) return result;
      const body = typeof result === "string" || result instanceof Uint8Array ? result : JSON.stringify(result);
      return new Response(body as BodyInit, {
        headers: {
          "content-type": "application/json",
          // no-transform: not gzipped by the server (as MLflow's isn't) — compressing a 20,000-point history costs more than sending it.
          "cache-control": "no-store, no-transform",
          "server-timing": `app;dur=${(performance.now() - started).toFixed(1)}`,
        },
      });
    } catch (err) {
      return mlflowErrorResponse(err);
    }
  };
  return { GET: handler("GET"), POST: handler("POST"), PUT: handler("PUT"), PATCH: handler("PATCH"), DELETE: handler("DELETE") };
}
