import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { jsonBody, signature, slackBody, slackEscape, type AlertPayload } from "./webhook-body";

const payload: AlertPayload = {
  rule: "nan",
  title: "NaN in loss at step 1,200 — run <sgd & co>",
  link: "http://anneal.local/projects/seg/runs/r1",
  runId: "r1",
  details: { key: "loss", step: 1200, nested: { ignored: true } },
  occurredAt: "2026-12-03T00:00:00.000Z",
};
const ctx = { deliveryId: "42", attempt: 1, project: { slug: "seg", name: "Seg & Co" }, alert: { id: 7, name: "ops" } };

describe("webhook bodies", () => {
  it("generic JSON carries the rule, the links and the context", () => {
    expect(JSON.parse(jsonBody(payload, ctx))).toMatchObject({
      id: "42",
      type: "anneal.alert",
      rule: "nan",
      runId: "r1",
      project: { slug: "seg" },
      alert: { id: 7 },
      attempt: 1,
    });
  });

  it("Slack text escapes user text and links the title", () => {
    const body = JSON.parse(slackBody(payload, ctx));
    expect(body.text).toBe("<http://anneal.local/projects/seg/runs/r1|NaN in loss at step 1,200 — run &lt;sgd &amp; co&gt;> (Seg &amp; Co)");
    expect(body.blocks[1].text.text).toBe("*key:* loss\n*step:* 1200");
    expect(slackEscape("<!channel>")).toBe("&lt;!channel&gt;");
  });

  it("signs timestamp.body with HMAC-SHA256", () => {
    const sig = signature("whsec_x", 1700000000, '{"a":1}');
    expect(sig).toBe(`sha256=${createHmac("sha256", "whsec_x").update('1700000000.{"a":1}').digest("hex")}`);
    expect(signature("whsec_y", 1700000000, '{"a":1}')).not.toBe(sig);
  });
});
