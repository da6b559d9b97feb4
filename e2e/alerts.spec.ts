import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";
import { expect, test } from "./fixtures";

/**
 * Alerts in the browser, delivered to a real local webhook receiver: an alert made on the alerts
 * page, its test delivery and a rule firing on a run appear in the delivery log with the
 * receiver's last answer; a receiver that fails shows its error and the retry to come.
 */

interface Hit {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function receiver() {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      hits.push({ path: req.url!, headers: req.headers, body });
      if (req.url!.startsWith("/down")) res.writeHead(500).end("receiver down for maintenance");
      else res.writeHead(200).end("thanks from the e2e receiver");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { hits, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

test("an alert made on the alerts page delivers its test and a NaN to a local receiver; the delivery log shows each last answer", async ({
  page,
  factory,
  api,
}) => {
  test.setTimeout(120_000);
  const hook = await receiver();
  try {
    const project = await factory.project();
    const run = await factory.run(project, { name: "sgd-unstable", points: { step: [0, 1, 2], values: { loss: [2, 1.6, 1.4] } } });

    await page.goto(`/projects/${project}/alerts`);
    await expect(page.getByText("Nothing delivered yet.")).toBeVisible();
    const form = page.getByTestId("new-alert");
    await form.getByLabel("Name").fill("training watch");
    await form.getByLabel("Webhook URL").fill(`${hook.url}/ok`);
    await form.getByRole("button", { name: "Create alert" }).click();
    const created = form.getByRole("status");
    await expect(created).toContainText("Signing secret (shown once):");
    const secret = (await created.textContent())!.split("(shown once):")[1].trim();
    await expect(page.getByTestId("alert")).toContainText("training watch");

    // The test delivery: received, signed with the secret shown once, logged with the answer.
    await page.getByTestId("alert").getByRole("button", { name: "Send test" }).click();
    await expect(page.getByTestId("alert")).toContainText("Test delivery queued.");
    const log = page.getByTestId("delivery");
    const testRow = log.filter({ hasText: "Test alert from Anneal for training watch" });
    await expect(testRow).toHaveAttribute("data-status", "delivered", { timeout: 30_000 });
    await expect(testRow).toContainText("HTTP 200 · thanks from the e2e receiver");
    const first = hook.hits.find((h) => h.path === "/ok")!;
    const timestamp = first.headers["x-anneal-timestamp"] as string;
    expect(first.headers["x-anneal-signature"]).toBe(`sha256=${createHmac("sha256", secret).update(`${timestamp}.${first.body}`).digest("hex")}`);

    // A NaN in the run's loss fires the rule once; the log links to the run.
    await factory.log(run.id, { step: [3, 4], values: { loss: ["NaN", "NaN"] } });
    const nanRow = log.filter({ hasText: "NaN in loss at step 3" });
    await expect(nanRow).toHaveAttribute("data-status", "delivered", { timeout: 30_000 });
    await expect(nanRow).toContainText("HTTP 200 · thanks from the e2e receiver");
    await expect(nanRow.getByRole("link")).toHaveAttribute("href", new RegExp(`/projects/${project}/runs/${run.id}`));
    expect(hook.hits.filter((h) => (JSON.parse(h.body) as { rule: string }).rule === "nan")).toHaveLength(1);

    // A receiver that fails: its status and body are shown, with the retry to come.
    const down = await api.post(`/api/v1/projects/${project}/alerts`, { data: { name: "pager", url: `${hook.url}/down`, rules: ["crashed"] } });
    expect(down.status()).toBe(201);
    await page.reload();
    await page.getByTestId("alert").filter({ hasText: "pager" }).getByRole("button", { name: "Send test" }).click();
    const downRow = log.filter({ hasText: "Test alert from Anneal for pager" });
    await expect(downRow).toContainText("HTTP 500 · receiver down for maintenance", { timeout: 30_000 });
    await expect(downRow).toHaveAttribute("data-status", "pending");
    await expect(downRow).toContainText("next");
  } finally {
    await hook.close();
  }
});
