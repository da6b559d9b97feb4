import "server-only";
import { z } from "zod";
import { env } from "@/lib/server/env";
import { ApiError } from "./errors";
import type { RouteEntry, RouteKey } from "./registry";

/** Whether answers are checked against the registry (ANNEAL_CHECK_RESPONSES: the integration suite sets it). */
export function checkResponses(): boolean {
  return env().ANNEAL_CHECK_RESPONSES;
}

/**
 * The answer if it is what the route's registry entry says it sends (status, content type, and for
 * JSON the response schema, strict objects: no undocumented field); otherwise a 500 (or, once the
 * JSON has gone out, an error ending its stream) naming what differs, so the test that made the
 * request fails. Tests only: the whole JSON is held to be checked.
 */
export function checkedAnswer(key: RouteKey, spec: RouteEntry, res: Response): Response {
  const fail = (message: string, details: { path: string; message: string }[] = []) => {
    console.error(`[anneal] ${key}: the answer does not match the route registry: ${message}`, details);
    throw new ApiError("internal", `${key}: the answer does not match the route registry: ${message}`, details);
  };
  const answer = spec.responses[res.status];
  if (answer === undefined) fail(`status ${res.status} is not listed (${Object.keys(spec.responses).join(", ")})`);
  const type = res.headers.get("content-type") ?? "";
  // A 204 cannot carry a body (Response refuses to make one).
  if (answer === "empty") return res;
  if (spec.otherContent && type.startsWith(spec.otherContent.contentType ?? "")) return res;
  if (!(answer instanceof z.ZodType)) {
    if (answer.contentType !== null && !type.startsWith(answer.contentType)) fail(`content type '${type}', expected '${answer.contentType}'`);
    if (answer.contentType === null && !res.headers.has("location")) fail("a redirect without a Location");
    return res;
  }
  if (!type.startsWith("application/json")) fail(`content type '${type}', expected application/json`);
  if (!res.body) fail("a JSON answer without a body");
  return new Response(res.body!.pipeThrough(checkedJson(key, answer)), { status: res.status, statusText: res.statusText, headers: res.headers });
}

/**
 * Passes a JSON body through piece by piece (a streamed answer stays streamed) and checks the whole
 * against its schema at the end; a mismatch errors the stream, so the reader's test fails.
 */
function checkedJson(key: RouteKey, schema: z.ZodType): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let text = "";
  return new TransformStream({
    transform(chunk, controller) {
      text += decoder.decode(chunk, { stream: true });
      controller.enqueue(chunk);
    },
    flush(controller) {
      text += decoder.decode();
      const parsed = schema.safeParse(JSON.parse(text));
      if (parsed.success) return;
      const issues = parsed.error.issues.slice(0, 20).map((i) => `${i.path.join(".")}: ${i.message}`);
      console.error(`[anneal] ${key}: the answer does not match the route registry`, issues);
      controller.error(new Error(`${key}: the answer does not match the route registry: ${issues.join("; ")}`));
    },
  });
}
