import "server-only";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import type { Database } from "@/lib/db/client";
import { TooManyPointsError } from "@/lib/schemas/metrics";
import { ImportLimitError, isImportError } from "@/lib/importers/errors";
import { ValidationError, zodDetails } from "@/lib/schemas/validation";
import type { Auth } from "@/lib/server/auth/auth";
import { authenticate } from "@/lib/server/auth/authenticate";
import { authorize } from "@/lib/server/auth/access";
import { checkHost, checkOrigin } from "@/lib/server/http/request-guard";
import { toWire } from "@/lib/schemas/wire";
import { readJsonBody, DEFAULT_MAX_JSON_BYTES } from "./body";
import { ApiError } from "./errors";
import { checkedAnswer, checkResponses } from "./check-responses";
import { SMALL_ANSWER_BYTES } from "./stream-response";
import { ROUTES, type ApiRouteKey, type RouteEntry, type RouteKey } from "./registry";

export interface RouteContext<B, Q> {
  request: Request;
  params: Record<string, string>;
  body: B;
  query: Q;
  db: Database;
  auth: Auth;
}

type Entry<K extends ApiRouteKey> = (typeof ROUTES)[K];
type BodyOf<E> = E extends { parseBody: (raw: unknown) => infer B } ? B : E extends { body: z.ZodType } ? z.output<E["body"]> : undefined;
type QueryOf<E> = E extends { query: z.ZodType } ? z.output<E["query"]> : undefined;
/**
 * What a handler may return: the domain side (z.output) of a response schema, `withStatus` for a
 * route with several success statuses, null for a 204, or a Response it built (a stream, a file).
 */
type ResultOf<E> = E extends { responses: infer M }
  ? | { [S in keyof M]: M[S] extends z.ZodType ? z.output<M[S]> | WithStatus<S & number, z.output<M[S]>> : M[S] extends "empty" ? null : never }[keyof M]
    | Response
  : never;

const STATUS = Symbol("status");
interface WithStatus<S extends number, T> {
  [STATUS]: S;
  value: T;
}
/** A JSON answer with one of the route's success statuses (e.g. 201 created vs 200 existing). */
export function withStatus<S extends number, T>(status: S, value: T): WithStatus<S, T> {
  return { [STATUS]: status, value };
}
const hasStatus = (v: object): v is WithStatus<number, unknown> => STATUS in v;

type NextHandler = ((request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>) & { route: RouteKey };

/**
 * The one wrapper every API route goes through: Host and Origin checks → authentication →
 * authorization (the route's access rule) → body/query parsing → handler → serialisation → error
 * envelope. Everything about the route (access, schemas, statuses) is its entry in ROUTES, so a
 * route cannot exist without one. Nothing of the body is read before the caller is known to be allowed.
 */
export function apiRoute<K extends ApiRouteKey>(
  key: K,
  handler: (ctx: RouteContext<BodyOf<Entry<K>>, QueryOf<Entry<K>>>) => Promise<ResultOf<Entry<K>>> | ResultOf<Entry<K>>,
): NextHandler {
  const spec: RouteEntry = ROUTES[key];
  const status = okStatus(spec);
  const serve = async (request: Request, ctx: { params: Promise<Record<string, string>> }) => {
    const started = performance.now();
    try {
      const refused = checkHost(request) ?? checkOrigin(request);
      if (refused) throw refused;
      const db = await getDatabase();
      const auth = await authenticate(db, request);
      const url = new URL(request.url);
      const params = (await ctx?.params) ?? {};
      await authorize(db, auth, spec.access, { params, url });
      const query = spec.query ? parseWith(spec.query, Object.fromEntries(url.searchParams), "query") : undefined;
      let body: unknown = undefined;
      if (spec.body) {
        const raw = await readJsonBody(request, spec.maxBodyBytes ?? DEFAULT_MAX_JSON_BYTES);
        body = spec.parseBody ? spec.parseBody(raw) : parseWith(spec.body, raw, "");
      }
      const result = await handler({ request, params, body, query, db, auth } as RouteContext<BodyOf<Entry<K>>, QueryOf<Entry<K>>>);
      // Server time (handler + serialisation) for clients and benchmarks, as a standard header.
      const timing = () => `app;dur=${(performance.now() - started).toFixed(1)}`;
      let res: Response;
      if (result instanceof Response) {
        if (!result.headers.has("server-timing")) result.headers.set("server-timing", timing());
        res = result;
      } else if (result === null) res = new Response(null, { status: 204 });
      else {
        const [code, value] = hasStatus(result) ? [result[STATUS], result.value] : [status, result];
        const json = toJson(value);
        const headers: Record<string, string> = { "content-type": "application/json", "server-timing": timing() };
        // Small answers go ungzipped (see SMALL_ANSWER_BYTES).
        if (Buffer.byteLength(json) < SMALL_ANSWER_BYTES) headers["cache-control"] = "no-transform";
        res = new Response(json, { status: code, headers });
      }
      return checkResponses() ? checkedAnswer(key, spec, res) : res;
    } catch (err) {
      return errorResponse(err);
    }
  };
  return Object.assign(serve, { route: key });
}

/** The status of a plain object answer: the entry's only 2xx status with a schema. */
function okStatus(spec: RouteEntry): number {
  const codes = Object.entries(spec.responses)
    .filter(([code, a]) => Number(code) < 300 && a !== "empty")
    .map(([code]) => Number(code));
  return codes.length === 1 ? codes[0] : 200;
}

/** The one serialiser of JSON answers: JSON has no NaN or ±Infinity, so they go out as "NaN", "Infinity", "-Infinity". */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? toWire(v) : v));
}

function parseWith<T>(schema: z.ZodType<T>, raw: unknown, prefix: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(prefix ? `Invalid ${prefix} parameters` : "Invalid request body", zodDetails(parsed.error, prefix));
  return parsed.data;
}

export function errorResponse(err: unknown): Response {
  const apiErr = toApiError(err);
  const body = { error: { code: apiErr.code, message: apiErr.message, details: apiErr.details } };
  return Response.json(body, { status: apiErr.status, headers: apiErr.headers });
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ValidationError) return new ApiError("invalid_argument", err.message, err.details);
  if (err instanceof TooManyPointsError) return new ApiError("payload_too_large", err.message);
  if (err instanceof ImportLimitError) return new ApiError("payload_too_large", err.message, [{ path: err.file, message: err.limit }]);
  if (isImportError(err)) {
    const where = err.file + (err.line !== undefined ? `:${err.line}` : err.record !== undefined ? `#${err.record}` : "");
    const tried = (err.tried ?? []).map((t) => ({ path: `${err.file} as ${t.format}`, message: t.reason ?? `confidence ${t.confidence}` }));
    return new ApiError("unprocessable_file", err.message, [{ path: where, message: `expected ${err.expected}` }, ...tried]);
  }
  // Never echo internals: log them for the operator, answer a bare 500.
  console.error("[anneal] internal error:", err);
  return new ApiError("internal", "Internal server error");
}
