import { createHmac } from "node:crypto";

/** What a delivery carries, whatever the format (stored with the delivery when it is queued). */
export interface AlertPayload {
  rule: string;
  title: string;
  link: string;
  runId: string | null;
  details: Record<string, unknown>;
  occurredAt: string;
}

export interface WebhookContext {
  deliveryId: string;
  attempt: number;
  project: { slug: string; name: string };
  alert: { id: number; name: string };
}

/** The generic JSON body: everything, flat enough to route on `rule`. */
export function jsonBody(p: AlertPayload, ctx: WebhookContext): string {
  return JSON.stringify({
    id: ctx.deliveryId,
    type: "anneal.alert",
    rule: p.rule,
    title: p.title,
    link: p.link,
    project: ctx.project,
    alert: ctx.alert,
    runId: p.runId,
    details: p.details,
    occurredAt: p.occurredAt,
    attempt: ctx.attempt,
  });
}

/** Slack's mrkdwn treats &, < and > as markup: escape them in user text (run names, comments). */
export function slackEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A Slack-compatible incoming-webhook body (also read by Mattermost, Rocket.Chat, Discord's /slack endpoint). */
export function slackBody(p: AlertPayload, ctx: WebhookContext): string {
  const title = slackEscape(p.title);
  const facts = Object.entries(p.details)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `*${slackEscape(k)}:* ${slackEscape(String(v))}`);
  return JSON.stringify({
    text: `<${p.link}|${title}> (${slackEscape(ctx.project.name)})`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*<${p.link}|${title}>*\n${slackEscape(ctx.project.name)} · ${slackEscape(p.rule)}` } },
      ...(facts.length ? [{ type: "section", text: { type: "mrkdwn", text: facts.join("\n") } }] : []),
    ],
  });
}

/**
 * The signature header of generic deliveries: HMAC-SHA256 over `<timestamp>.<body>` with the
 * alert's secret, so a receiver can check both origin and freshness (replays carry old timestamps).
 */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}
