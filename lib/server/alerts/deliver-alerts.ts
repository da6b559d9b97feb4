import "server-only";
import type { Database } from "@/lib/db/client";
import { jsonBody, signature, slackBody, type AlertPayload } from "@/lib/alerts/webhook-body";

/** Attempts per delivery: the first, then retries after 10 s, 1 min, 6 min, 36 min and 3.6 h (base × 6ⁿ). */
export const MAX_ATTEMPTS = 6;
export const DEFAULT_RETRY_BASE_MS = 10_000;
/** A receiver that doesn't answer within this is a failed attempt (retried). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** The start of the receiver's answer kept for the delivery log. */
export const RESPONSE_CAPTURE_BYTES = 2_048;
/** A claimed delivery that was never recorded (instance died mid-send) is retried after this. */
const CLAIM_MS = 60_000;
const BATCH = 20;
const PARALLEL = 4;

interface Claimed {
  id: string;
  attempts: number;
  payload: AlertPayload;
  alertId: number;
  alertName: string;
  url: string;
  format: string;
  secret: string;
  slug: string;
  projectName: string;
}

export interface DeliveryOptions {
  retryBaseMs?: number;
}

/**
 * Sends the deliveries that are due, each claimed by one instance (SKIP LOCKED + a claim
 * deadline), and records the outcome: delivered (2xx), retried with backoff (network error,
 * timeout, 408, 429, 5xx, a redirect), or failed for good (other 4xx, or out of attempts).
 * Returns how many were attempted.
 */
export async function deliverDueAlerts(db: Database, opts: DeliveryOptions = {}): Promise<number> {
  const claimed = await db.sql.query<Claimed>(
    `WITH due AS (
       SELECT id FROM alert_deliveries
        WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
        ORDER BY next_attempt_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
     )
     UPDATE alert_deliveries d SET locked_until = now() + make_interval(secs => ${CLAIM_MS / 1000}), attempts = d.attempts + 1
       FROM due, alerts a, projects p
      WHERE d.id = due.id AND a.id = d.alert_id AND p.id = d.project_id
     RETURNING d.id::text AS id, d.attempts, d.payload, a.id AS "alertId", a.name AS "alertName", a.url, a.format, a.secret, p.slug, p.name AS "projectName"`,
  );
  for (let i = 0; i < claimed.length; i += PARALLEL) {
    await Promise.all(claimed.slice(i, i + PARALLEL).map((d) => deliverOne(db, d, opts.retryBaseMs ?? DEFAULT_RETRY_BASE_MS)));
  }
  return claimed.length;
}

async function deliverOne(db: Database, d: Claimed, retryBaseMs: number) {
  const payload = (typeof d.payload === "string" ? JSON.parse(d.payload) : d.payload) as AlertPayload;
  const ctx = { deliveryId: d.id, attempt: d.attempts, project: { slug: d.slug, name: d.projectName }, alert: { id: d.alertId, name: d.alertName } };
  const body = d.format === "slack" ? slackBody(payload, ctx) : jsonBody(payload, ctx);
  const timestamp = Math.floor(Date.now() / 1000);
  const outcome = await send(d.url, body, {
    "content-type": "application/json",
    "user-agent": "Anneal-Webhook/1",
    "x-anneal-delivery": d.id,
    "x-anneal-rule": payload.rule,
    "x-anneal-timestamp": String(timestamp),
    "x-anneal-signature": signature(d.secret, timestamp, body),
  });
  const retry = outcome.retryable && d.attempts < MAX_ATTEMPTS;
  await db.sql.query(
    `UPDATE alert_deliveries SET status = $2, locked_until = NULL, last_status = $3, last_response = $4, last_error = $5,
            delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE NULL END,
            next_attempt_at = CASE WHEN $2 = 'pending' THEN now() + make_interval(secs => $6) ELSE next_attempt_at END
      WHERE id = $1::bigint`,
    [
      d.id,
      outcome.ok ? "delivered" : retry ? "pending" : "failed",
      outcome.status,
      outcome.response,
      outcome.error,
      (retryBaseMs * 6 ** (d.attempts - 1)) / 1000,
    ],
  );
}

interface Outcome {
  ok: boolean;
  retryable: boolean;
  status: number | null;
  response: string | null;
  error: string | null;
}

async function send(url: string, body: string, headers: Record<string, string>): Promise<Outcome> {
  try {
    // Redirects are not followed: a webhook URL that moved is a configuration to fix, not a hop to take blindly.
    const res = await fetch(url, { method: "POST", body, headers, redirect: "manual", signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
    const response = await readCapped(res);
    if (res.ok) return { ok: true, retryable: false, status: res.status, response, error: null };
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429 || (res.status >= 300 && res.status < 400);
    return { ok: false, retryable, status: res.status, response, error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const error = e.name === "TimeoutError" ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.message);
    return { ok: false, retryable: true, status: null, response: null, error };
  }
}

async function readCapped(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total < RESPONSE_CAPTURE_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    total += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  return Buffer.concat(parts).subarray(0, RESPONSE_CAPTURE_BYTES).toString("utf8");
}
