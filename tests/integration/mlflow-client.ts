import * as tracking from "@/app/api/2.0/mlflow/[...path]/route";
import * as artifacts from "@/app/api/2.0/mlflow-artifacts/artifacts/[[...path]]/route";
import { answerOf } from "./http";

/**
 * Calls the MLflow routes the way the MLflow Python client's RestStore does (rest_utils.call_endpoint):
 * GET parameters in the query string (lists as repeated keys), POST bodies as JSON; returns status and JSON.
 */
type Handler = (request: Request, ctx: { params: Promise<{ path?: string[] }> }) => Promise<Response>;

export interface MlflowCall {
  headers?: Record<string, string>;
}

async function send(handler: Handler, method: string, url: string, pathSegments: string[], body: BodyInit | undefined, headers: Record<string, string>) {
  return answerOf(await handler(new Request(`http://127.0.0.1:3000${url}`, { method, headers, body }), { params: Promise.resolve({ path: pathSegments }) }));
}

export function mlflowGet(endpoint: string, params: Record<string, string | number | string[] | undefined> = {}, opts: MlflowCall = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) q.append(k, String(item));
  }
  const qs = q.toString();
  return send(tracking.GET, "GET", `/api/2.0/mlflow/${endpoint}${qs ? `?${qs}` : ""}`, endpoint.split("/"), undefined, opts.headers ?? {});
}

/** A POST with the body as given (malformed or oversized bodies). */
export function mlflowPostRaw(endpoint: string, body: string, opts: MlflowCall = {}) {
  return send(tracking.POST, "POST", `/api/2.0/mlflow/${endpoint}`, endpoint.split("/"), body, {
    "content-type": "application/json",
    ...opts.headers,
  });
}

export function mlflowPost(endpoint: string, body: unknown, opts: MlflowCall = {}) {
  return send(tracking.POST, "POST", `/api/2.0/mlflow/${endpoint}`, endpoint.split("/"), JSON.stringify(body), {
    "content-type": "application/json",
    ...opts.headers,
  });
}

/** The mlflow-artifacts proxy as HttpArtifactRepository uses it: PUT raw bytes, GET bytes, GET ?path= to list. */
export function artifactPut(path: string, bytes: Uint8Array | string, opts: MlflowCall = {}) {
  return send(artifacts.PUT, "PUT", `/api/2.0/mlflow-artifacts/artifacts/${path}`, path.split("/"), bytes as BodyInit, opts.headers ?? {});
}

export function artifactGet(path: string, opts: MlflowCall = {}) {
  return send(artifacts.GET, "GET", `/api/2.0/mlflow-artifacts/artifacts/${path}`, path.split("/"), undefined, opts.headers ?? {});
}

export function artifactList(path: string, opts: MlflowCall = {}) {
  return send(artifacts.GET, "GET", `/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(path)}`, [], undefined, opts.headers ?? {});
}

/** PATCH and DELETE as MLflow 3's client sends them to the logged-model endpoints (JSON body, or none). */
export function mlflowPatch(endpoint: string, body: unknown, opts: MlflowCall = {}) {
  return send(tracking.PATCH, "PATCH", `/api/2.0/mlflow/${endpoint}`, endpoint.split("/"), JSON.stringify(body), {
    "content-type": "application/json",
    ...opts.headers,
  });
}

export function mlflowDelete(endpoint: string, body?: unknown, opts: MlflowCall = {}) {
  const headers = body === undefined ? (opts.headers ?? {}) : { "content-type": "application/json", ...opts.headers };
  return send(tracking.DELETE, "DELETE", `/api/2.0/mlflow/${endpoint}`, endpoint.split("/"), body === undefined ? undefined : JSON.stringify(body), headers);
}
