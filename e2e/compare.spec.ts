import fs from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";

/**
 * The compare view end to end on the demo project's real runs: pick three runs in the runs table,
 * change smoothing, group by optimizer, zoom by dragging, open the copied URL in a fresh browser
 * context and get the same view, export the series and the summary as CSV.
 * Every wait is on a data-state / data-* attribute, never on time.
 */

const RUNS = ["adamw-1e-3-cosine-s0", "adamw-1e-3-cosine-s1", "sgd-5e-2-poly-s0"];
const CHARTS = ["lr", "mIoU", "loss"];

const chart = (page: Page, key: string) => page.getByTestId(`compare-chart-${key}`);

async function allReady(page: Page): Promise<void> {
  for (const key of CHARTS) await expect(chart(page, key)).toHaveAttribute("data-state", "ready");
}

/** What "the same view" means: per chart its series and point counts, plus the view's x range and smoothing. */
async function viewSignature(page: Page) {
  const view = page.getByTestId("compare-view");
  const charts: Record<string, [string | null, string | null]> = {};
  for (const key of CHARTS) charts[key] = [await chart(page, key).getAttribute("data-series"), await chart(page, key).getAttribute("data-points")];
  return {
    charts,
    x: await view.getAttribute("data-x"),
    from: await view.getAttribute("data-from"),
    to: await view.getAttribute("data-to"),
    smoothing: await view.getAttribute("data-smoothing"),
    strength: await view.getAttribute("data-strength"),
    groupBy: await view.getAttribute("data-group-by"),
    groups: await page.getByTestId("group-summary").locator("tbody tr").count(),
  };
}

async function dragAcross(page: Page, target: Locator, fromShare: number, toShare: number): Promise<void> {
  const box = await target.locator("canvas").boundingBox();
  if (!box) throw new Error("chart canvas not laid out");
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * fromShare, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((fromShare + toShare) / 2), y, { steps: 4 });
  await page.mouse.move(box.x + box.width * toShare, y, { steps: 4 });
  await page.mouse.up();
}

test("compare three runs: smoothing, grouping, zoom, shareable URL, CSV export", async ({ page, browser, request }) => {
  expect((await request.post("/api/v1/demo")).ok()).toBe(true);

  // Select the runs in the runs table and open the compare view from there.
  await page.goto("/projects/demo");
  for (const name of RUNS) {
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
    await row.getByTestId("select-run").check();
  }
  await page.getByTestId("compare").click();
  await expect(page).toHaveURL(/\/projects\/demo\/compare\?runs=/);
  await allReady(page);
  // One line per run on the main-metric chart; the summary and the config diff have a row/column per run.
  await expect(chart(page, "mIoU")).toHaveAttribute("data-series", "3");
  await expect(page.getByTestId("compare-summary").locator("tbody tr")).toHaveCount(3);
  await expect(page.getByTestId("config-diff").locator("thead th")).toHaveCount(4);
  await expect(page.getByTestId("config-diff").locator("tbody tr", { hasText: "optimizer" })).toHaveAttribute("data-differs", "true");
  await expect(page.getByTestId("verdict")).toContainText("optimizer=");

  // The crosshair tooltip lists every run's value at the hovered x.
  const box = await chart(page, "mIoU").locator("canvas").boundingBox();
  await page.mouse.move(box!.x + box!.width * 0.6, box!.y + box!.height / 2);
  await expect(page.getByTestId("crosshair-tooltip").locator("li")).toHaveCount(3);

  // Smoothing: Gaussian at strength 0.8.
  await page.getByTestId("smoothing-kind").selectOption("gaussian");
  await page.getByTestId("smoothing-strength").fill("0.8");
  const view = page.getByTestId("compare-view");
  await expect(view).toHaveAttribute("data-smoothing", "gaussian");
  await expect(view).toHaveAttribute("data-strength", "0.8");
  await expect(page).toHaveURL(/smooth=gaussian/);

  // Group by optimizer: two arms, a mean line each, the group table.
  await page.getByTestId("group-by").selectOption("optimizer");
  await expect(view).toHaveAttribute("data-group-by", "optimizer");
  await expect(page.getByTestId("group-summary").locator("tbody tr")).toHaveCount(2);
  await allReady(page);
  await expect(chart(page, "mIoU")).toHaveAttribute("data-series", "2");

  // Zoom: drag across the loss chart; every chart follows and re-queries the narrower range.
  const pointsBefore = Number(await chart(page, "lr").getAttribute("data-points"));
  await dragAcross(page, chart(page, "loss"), 0.3, 0.6);
  await expect(view).toHaveAttribute("data-from", /\d/);
  await expect(page).toHaveURL(/from=.*&to=/);
  await allReady(page);
  const pointsAfter = Number(await chart(page, "lr").getAttribute("data-points"));
  expect(pointsAfter).toBeGreaterThan(0);
  expect(pointsAfter).toBeLessThan(pointsBefore);
  const from = Number(await view.getAttribute("data-from"));
  const to = Number(await view.getAttribute("data-to"));
  expect(to).toBeGreaterThan(from);

  // The copied URL reproduces the view in a fresh browser context.
  const url = page.url();
  const original = await viewSignature(page);
  const other = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  const page2 = await other.newPage();
  await page2.goto(url);
  await allReady(page2);
  await expect(page2.getByTestId("group-summary").locator("tbody tr")).toHaveCount(2);
  expect(await viewSignature(page2)).toEqual(original);
  await other.close();

  // Series CSV: one column per run and key, x within the zoomed range.
  const [seriesDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-series-csv").click()]);
  const seriesText = fs.readFileSync((await seriesDownload.path())!, "utf8");
  const [header, ...rows] = seriesText.trim().split("\r\n");
  const columns = header.split(",");
  expect(columns[0]).toBe("step");
  for (const name of RUNS) for (const key of ["lr", "mIoU", "loss", "val_loss"]) expect(columns).toContain(`${name}/${key}`);
  expect(rows.length).toBeGreaterThan(10);
  for (const row of rows) {
    const x = Number(row.split(",")[0]);
    expect(x).toBeGreaterThanOrEqual(Math.floor(from));
    expect(x).toBeLessThanOrEqual(Math.ceil(to));
  }

  // Summary CSV: a row per run with its best mIoU, matching the table.
  const [summaryDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-summary-csv").click()]);
  const summaryLines = fs.readFileSync((await summaryDownload.path())!, "utf8").trim().split("\r\n");
  expect(summaryLines[0].split(",").slice(0, 3)).toEqual(["run", "run_id", "best"]);
  expect(summaryLines).toHaveLength(4);
  for (const name of RUNS) {
    const line = summaryLines.find((l) => l.startsWith(`${name},`));
    expect(line).toBeDefined();
    expect(Number(line!.split(",")[2])).toBeGreaterThan(0.3);
  }
});

test("summary cells mark the point on the charts; legend hides a run everywhere", async ({ page, request }) => {
  expect((await request.post("/api/v1/demo")).ok()).toBe(true);
  const list = await (await request.get("/api/v1/runs?project=demo&limit=100")).json();
  const ids = RUNS.map((name) => (list.runs as { id: string; name: string }[]).find((r) => r.name === name)!.id);
  await page.goto(`/projects/demo/compare?runs=${ids.join(",")}`);
  await allReady(page);

  // Legend click hides the run in every chart; clicking again brings it back.
  await page.getByTestId("compare-legend").getByRole("button", { name: RUNS[2] }).click();
  for (const key of ["mIoU", "lr"]) await expect(chart(page, key)).toHaveAttribute("data-series", "2");
  await page.getByTestId("compare-legend").getByRole("button", { name: RUNS[2] }).click();
  await expect(chart(page, "mIoU")).toHaveAttribute("data-series", "3");

  // Clicking a best-step cell zooms every chart around that step and marks it.
  const row = page.getByTestId("compare-summary").locator(`tr[data-run-id="${ids[0]}"]`);
  const step = Number((await row.locator('td[data-col="bestStep"]').innerText()).split(" ")[0].replace(/,/g, ""));
  await row.locator('td[data-col="bestStep"] button').click();
  await expect(page).toHaveURL(new RegExp(`mark=${ids[0]}:${step}`));
  await allReady(page);
  const view = page.getByTestId("compare-view");
  expect(Number(await view.getAttribute("data-from"))).toBeLessThan(step);
  expect(Number(await view.getAttribute("data-to"))).toBeGreaterThan(step);
  await expect(page.getByTestId("chart-mark").first()).toBeVisible();
});
