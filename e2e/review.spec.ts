import { expect, test } from "./fixtures";

/**
 * Team review in the browser: two people (two browser contexts) on one project, comments on a
 * point of a curve, review status, live updates without reloading, saved comparisons, and user
 * text that never becomes markup.
 */

test("a comment on a point of the mIoU chart and a review status appear live on a teammate's open pages", async ({ browser, factory, baseURL }) => {
  // Two people, four pages, on a machine shared with other suites: more than the default minute.
  test.setTimeout(150_000);
  const project = await factory.project();
  const [run, other] = await factory.exampleRuns(project, ["adamw-1e-3-cosine-s0", "sgd-5e-2-poly-s0"]);

  const alice = await browser.newContext({ baseURL });
  const bob = await browser.newContext({ baseURL });
  const a = await alice.newPage();
  const b = await bob.newPage();
  const bRuns = await bob.newPage();

  // Bob has the run page and the runs table open before anything happens.
  await b.goto(run.path);
  await bRuns.goto(`/projects/${project}`);
  await expect(b.getByTestId("live")).toHaveAttribute("data-connected", "true");
  await expect(bRuns.getByTestId("live")).toHaveAttribute("data-connected", "true");
  await expect(b.getByTestId("chart-mIoU")).toHaveAttribute("data-state", "ready");
  await expect(b.getByTestId("chart-marker")).toHaveCount(0);

  // Alice comments on the mIoU curve at step 400 and approves the run.
  await a.goto(run.path);
  const form = a.getByTestId("comment-form");
  await form.getByTestId("anchor-key").selectOption("mIoU");
  await form.getByTestId("anchor-x").fill("400");
  await form.getByRole("textbox", { name: "New comment" }).fill("It plateaus here — **cut the LR** at step 400?");
  await form.getByRole("button", { name: "Comment" }).click();
  await expect(a.getByTestId("thread")).toHaveCount(1);
  await a.getByTestId("review-select").selectOption("approved");
  await expect(a.getByTestId("review-badge")).toHaveAttribute("data-review", "approved");

  // Bob sees the marker on his chart, the thread and the badge without reloading.
  const marker = b.getByTestId("chart-marker");
  await expect(marker).toHaveCount(1);
  await expect(marker).toHaveAttribute("title", /at step 400: It plateaus here/);
  await expect(b.getByTestId("thread")).toContainText("cut the LR");
  await expect(b.getByTestId("thread").locator("strong")).toHaveText("cut the LR");
  await expect(b.getByTestId("review-badge")).toHaveAttribute("data-review", "approved");
  const row = bRuns.getByRole("row").filter({ hasText: run.name });
  await expect(row.getByTestId("review-badge")).toHaveAttribute("data-review", "approved");
  await expect(bRuns.getByRole("row").filter({ hasText: other.name }).getByTestId("review-badge")).toHaveCount(0);

  // Clicking the marker opens (highlights) the thread; Bob replies, and Alice sees the reply.
  await marker.click();
  await expect(b.getByTestId("thread")).toHaveAttribute("data-focused", "true");
  await b.getByTestId("reply").click();
  await b.getByRole("textbox", { name: "Reply" }).fill("Agreed, rerun with a step at 400");
  await b.getByRole("button", { name: "Reply" }).click();
  await expect(a.getByTestId("thread").getByTestId("comment")).toHaveCount(2);

  // The comment's link opens the chart zoomed around the point.
  const link = await a.evaluate(async (id) => (await (await fetch(`/api/v1/runs/${id}/comments`)).json()).comments[0].url as string, run.id);
  const c = await alice.newPage();
  await c.goto(new URL(link).pathname + new URL(link).search);
  await expect(c.getByTestId("thread").first()).toHaveAttribute("data-focused", "true");
  await expect(c.getByTestId("chart-mIoU")).toHaveAttribute("data-state", "ready");
  await expect(c.getByTestId("chart-mIoU-reset")).toBeVisible();

  await alice.close();
  await bob.close();
});

test("a running run's charts draw appended points live: small batches from their events, a large one by one read of only its new range for all of them", async ({
  page,
  factory,
}) => {
  const project = await factory.project();
  const run = await factory.run(project, { points: { step: [0, 1, 2], values: { loss: [1, 0.9, 0.8], lr: [1e-3, 1e-3, 1e-3] } } });
  await page.goto(run.path);
  await expect(page.getByTestId("live")).toHaveAttribute("data-connected", "true");
  const loss = page.locator('[data-testid="metric-chart"][data-key="loss"]');
  const lr = page.locator('[data-testid="metric-chart"][data-key="lr"]');
  await expect(loss).toHaveAttribute("data-last-x", "2");
  await expect(lr).toHaveAttribute("data-last-x", "2");
  const reads: string[] = [];
  let projectReads = 0;
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname === `/api/v1/runs/${run.id}/metrics`) reads.push(`${url.searchParams.get("keys")} from ${url.searchParams.get("from")}`);
    if (url.pathname === `/api/v1/projects/${project}`) projectReads++;
  });
  // Small batches: their events carry their points (lib/events/appended-points.ts), drawn without a read.
  await factory.log(run.id, { step: [3, 4], values: { loss: [0.7, 0.65], lr: [5e-4, 5e-4] } });
  await expect(loss).toHaveAttribute("data-last-x", "4");
  await expect(lr).toHaveAttribute("data-last-x", "4");
  await factory.log(run.id, { step: [5], values: { loss: [0.6], lr: [2e-4] } });
  await expect(loss).toHaveAttribute("data-last-x", "5");
  await expect(lr).toHaveAttribute("data-last-x", "5");
  expect(reads).toEqual([]);
  // More points than an event carries: read from the step after the last one drawn, never the
  // whole series again, one read for both charts; and new points don't re-read the project (its tabs' detail).
  const step = Array.from({ length: 40 }, (_, i) => 6 + i);
  await factory.log(run.id, { step, values: { loss: step.map((s) => 1 / s), lr: step.map(() => 1e-4) } });
  await expect(loss).toHaveAttribute("data-last-x", "45");
  await expect(lr).toHaveAttribute("data-last-x", "45");
  expect(reads).toEqual(["loss,lr from 6"]);
  expect(projectReads).toBe(0);
});

test("when the event stream can't connect, a running run's page polls instead: new points and status still appear", async ({ page, factory, api }) => {
  const project = await factory.project();
  const run = await factory.run(project, { points: { step: [0, 1, 2], values: { loss: [1, 0.9, 0.8] } } });
  // A proxy that drops Server-Sent Events: every attempt (EventSource retries on its own) fails.
  let attempts = 0;
  await page.route("**/api/v1/projects/*/events*", (route) => {
    attempts++;
    return route.abort();
  });
  const reads: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes(`/runs/${run.id}/metrics?`)) reads.push(new URL(r.url()).searchParams.get("from") ?? "");
  });
  await page.goto(run.path);
  const chart = page.locator('[data-testid="metric-chart"][data-key="loss"]');
  await expect(chart).toHaveAttribute("data-last-x", "2");
  expect(attempts).toBeGreaterThan(0);
  await expect(page.getByTestId("live")).toHaveAttribute("data-connected", "false");
  await factory.log(run.id, { step: [3, 4], values: { loss: [0.7, 0.65] } });
  // The chart's poll (every 5 s) re-reads its range: the new points appear without a reload.
  await expect(chart).toHaveAttribute("data-last-x", "4", { timeout: 15_000 });
  expect(reads.filter((from) => from === "").length).toBeGreaterThanOrEqual(2);
  // So does a status change (the run page's own poll).
  expect((await api.patch(`/api/v1/runs/${run.id}`, { data: { status: "finished" } })).ok()).toBe(true);
  await expect(page.getByTestId("run-view")).toHaveAttribute("data-status", "finished", { timeout: 15_000 });
});

test("user text in comments, notes, tags and comparison names is shown as text, never run", async ({ page, factory }) => {
  const project = await factory.project();
  const [run] = await factory.exampleRuns(project, ["adamw-1e-3-cosine-s0"]);
  const payloads = [
    `<img src=x onerror="window.__xss=1">`,
    `<script>window.__xss=2</script>`,
    `[click](javascript:window.__xss=3)`,
    `<a href="javascript:window.__xss=4">x</a>`,
    `<svg onload="window.__xss=5"></svg>`,
  ].join("\n\n");
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.request.patch(`/api/v1/runs/${run.id}`, { data: { notes: payloads, tags: [`<img src=x onerror="window.__xss=6">`] } });
  await page.request.post(`/api/v1/runs/${run.id}/comments`, { data: { body: payloads } });
  await page.request.post(`/api/v1/projects/${project}/comparisons`, { data: { name: `<img src=x onerror="window.__xss=7">`, state: `runs=${run.id}` } });

  await page.goto(run.path);
  await expect(page.getByTestId("comment")).toHaveCount(1);
  // Raw HTML in Markdown is dropped; the Markdown link stays, without its javascript: target.
  await expect(page.getByTestId("notes")).toContainText("click");
  await expect(page.getByTestId("notes").getByText("click")).not.toHaveAttribute("href", /javascript/i);
  await page.goto(`/projects/${project}`);
  await expect(page.getByTestId("comparisons")).toContainText('<img src=x onerror="window.__xss=7">');
  await expect(page.getByRole("row").filter({ hasText: run.name })).toContainText("<img src=x");

  for (const path of [run.path, `/projects/${project}`]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator("main img, main script, main svg[onload]").count()).toBe(0);
    for (const href of await page.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))) expect(href).not.toMatch(/^javascript:/i);
  }
  await page.goto(run.path);
  const links = page.getByTestId("comment").locator("a");
  for (const rel of await links.evaluateAll((as) => as.map((a) => a.getAttribute("rel")))) expect(rel).toBe("noopener noreferrer");
  expect(dialogs).toBe(0);
});

test("a saved comparison reopened in a new context shows the same view, verdict and thread", async ({ browser, factory, baseURL }) => {
  // Three compare views (the saving page, the saved page, the same in a new context), each
  // server-smoothed over four runs: on a loaded machine more than the default budget.
  test.setTimeout(150_000);
  const project = await factory.project();
  const runs = await factory.exampleRuns(project, ["adamw-1e-3-cosine-s0", "adamw-1e-3-cosine-s1", "sgd-5e-2-poly-s0", "sgd-5e-2-poly-s1"]);
  const first = await browser.newContext({ baseURL });
  const page = await first.newPage();
  await page.goto(`/projects/${project}/compare?runs=${runs.map((r) => r.id).join(",")}&group=optimizer&x=epoch&smooth=gaussian`);
  await expect(page.getByTestId("verdict")).toBeVisible();
  await page.getByTestId("save-comparison").click();
  await page.getByRole("textbox", { name: "Name" }).fill("AdamW vs SGD, week 49");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const href = await page.getByTestId("saved-comparison-link").getAttribute("href");
  expect(href).toMatch(new RegExp(`^/projects/${project}/comparisons/\\w+$`));
  await page.goto(href!);
  await page.getByTestId("comment-form").getByRole("textbox", { name: "New comment" }).fill("SGD wins beyond seed noise?");
  await page.getByTestId("comment-form").getByRole("button", { name: "Comment" }).click();
  await expect(page.getByTestId("thread")).toHaveCount(1);

  const second = await browser.newContext({ baseURL });
  const other = await second.newPage();
  await other.goto(href!);
  await expect(other.getByTestId("comparison-name")).toHaveText("AdamW vs SGD, week 49");
  await expect(other.getByTestId("compare-view")).toHaveAttribute("data-x", "epoch");
  await expect(other.getByTestId("compare-view")).toHaveAttribute("data-smoothing", "gaussian");
  await expect(other.getByTestId("compare-view")).toHaveAttribute("data-group-by", "optimizer");
  await expect(other.getByTestId("saved-verdict")).toContainText("optimizer=");
  await expect(other.getByTestId("thread")).toContainText("SGD wins beyond seed noise?");
  await expect(other.getByTestId("changed-since")).toHaveCount(0);
  await first.close();
  await second.close();
});

test("pinning the project's baseline makes the verdict speak vs baseline", async ({ page, factory }) => {
  const project = await factory.project();
  const [base, a, b] = await factory.exampleRuns(project, ["adamw-1e-4-cosine-s0", "adamw-1e-3-cosine-s0", "sgd-5e-2-poly-s0"]);
  await page.request.patch(`/api/v1/runs/${base.id}`, { data: { review: "baseline" } });
  await page.goto(`/projects/${project}/compare?runs=${a.id},${b.id}`);
  await page.getByTestId("pin-baseline").click();
  await expect(page.getByTestId("vs-baseline")).toContainText(`Vs baseline ${base.name}`);
  await expect(page).toHaveURL(new RegExp(`runs=${base.id},${a.id},${b.id}.*baseline=${base.id}`));
});
