import { z } from "zod";
import { getDatabase } from "@/lib/db";
import type { Database } from "@/lib/db/client";
import { TooManyPointsError } from "@/lib/schemas/metrics";
import { ImportLimitError, isImportError } from "@/lib/importers/errors";
import { ValidationError, zodDetails } from "@/lib/schemas/validation";
import type { Auth } from "@/lib/server/auth/auth";
import { authenticate } from "@/lib/server/auth/authenticate";
import { authorize, type Access } from "@/lib/server/auth/access";
import { checkHost, checkOrigin } from "@/lib/server/http/request-guard";
import { readJsonBody, DEFAULT_MAX_JSON_BYTES } from "./body";
import { ApiError } from "./errors";

export interface RouteContext<B, Q> {
  request: Request;
  params: Record<string, string>;
  body: B;
  query: Q;
  db: Database;
  auth: Auth;
}

interface RouteSpec<B, Q> {
  /** Who may call it (lib/server/auth/access.ts); checked before the body is read. */
  access: Access;
  /** Largest JSON body accepted (checked while reading, before parsing); default DEFAULT_MAX_JSON_BYTES. */
  maxBodyBytes?: number;
  /** A zod schema or a parse function (throwing ValidationError) for the JSON body. */
  body?: z.ZodType<B> | ((raw: unknown) => B);
  query?: z.ZodType<Q>;
  /** Status of a successful JSON answer. */
  status?: number;
}

type NextHandler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * The one wrapper every API route goes through: Host and Origin checks → authentication →
 * authorization (the route's access rule) → body/query parsing → handler → error envelope.
 * Nothing of the body is read before the caller is known to be allowed.
 */
export function apiRoute<B = undefined, Q = undefined>(
  spec: RouteSpec<B, Q>,
  handler: (ctx: RouteContext<B, Q>) => Promise<Response | object | null>,
): NextHandler {
  return async (request, ctx) => {
    const started = performance.now();
    try {
      const refused = checkHost(request) ?? checkOrigin(request);
      if (refused) throw refused;
      const db = await getDatabase();
      const auth = await authenticate(db, request);
      const url = new URL(request.url);
      const params = (await ctx?.params) ?? {};
      await authorize(db, auth, spec.access, { params, url });
      const query = spec.query ? parseWith(spec.query, Object.fromEntries(url.searchParams), "query") : (undefined as Q);
      let body = undefined as B;
      if (spec.body) {
        const raw = await readJsonBody(request, spec.maxBodyBytes ?? DEFAULT_MAX_JSON_BYTES);
        body = typeof spec.body === "function" ? spec.body(raw) : parseWith(spec.body, raw, "");
      }
      const result = await handler({ request, params, body, query, db, auth });
      // Server time (handler + serialisation) for clients and benchmarks, as a standard header.
      const timing = () => `app;dur=${(performance.now() - started).toFixed(1)}`;
      if (result instanceof Response) {
        if (!result.headers.has("server-timing")) result.headers.set("server-timing", timing());
        return result;
      }
      if (result === null) return new Response(null, { status: 204 });
      const text = JSON.stringify(result);
      return new Response(text, { status: spec.status ?? 200, headers: { "content-type": "application/json", "server-timing": timing() } });
    } catch (err) {
      return errorResponse(err);
    }
  };
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
