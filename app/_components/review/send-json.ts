import { apiFetch } from "@/lib/client/api-fetch";

/** A JSON write to the API (POST/PATCH/DELETE); failures are ApiFailures carrying the server's message. */
export function sendJson<T = unknown>(method: "POST" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<T> {
  return apiFetch<T>(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
