import fs from "node:fs";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * The compare view end to end on three real training runs (the example runs, in each test's own
 * project): pick three runs in the runs table,
 * change smoothing, group by optimizer, zoom by dragging, open the copied URL in a fresh browser
 * context and get the same view, export the series and the summary as CSV.
 * Every wait is on a data-state / data-* attribute, never on time.
 */

const RUNS = ["adamw-1e-3-cosine-s0", "adamw-1e-3-cosine-s1", "sgd-5e-2-poly-s0"];
const CHARTS = ["lr", "mIoU", "loss"];

const chart = (page: Page, key: string) => page.getByTestId(`compare-chart-${key}`);

async function allReady(page: Page): Promise<void> {
  for (const key of CHARTS) {
    await expect(chart(page, key)).toHaveAttribute("data-state", "ready");
    // …and drawn: the canvas shows the data, not the previous range's points.
    await expect(chart(page, key).locator("[data-drawn]")).toHaveAttribute("data-drawn", /^ready:/);
  }
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
  const canvas = target.locator("canvas");
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error("chart canvas not laid out");
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * fromShare, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((fromShare + toShare) / 2), y, { steps: 4 });
  await page.mouse.move(box.x + box.width * toShare, y, { steps: 4 });
  await page.mouse.up();
}

test("compare three runs: smoothing, grouping, zoom, shareable URL, CSV export", async ({ page, browser, factory }) => {
  // The suite's longest journey (two browser contexts, a dozen reloads of every chart): on a busy
  // machine it needs more than the default minute.
  test.slow();
  const project = await factory.project();
  await factory.exampleRuns(project, RUNS);

  // Select the runs in the runs table and open the compare view from there.
  await page.goto(`/projects/${project}`);
  for (const name of RUNS) {
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
    await row.getByTestId("select-run").check();
  }
  await page.getByTestId("compare").click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project}/compare\\?runs=`));
  await allReady(page);
  // One line per run on the main-metric chart; the summary and the config diff have a row/column per run.
  await expect(chart(page, "mIoU")).toHaveAttribute("data-series", "3");
  await expect(page.getByTestId("compare-summary").locator("tbody tr")).toHaveCount(3);
  await expect(page.getByTestId("config-diff").locator("thead th")).toHaveCount(4);
  await expect(page.getByTestId("config-diff").locator("tbody tr", { hasText: "optimizer" })).toHaveAttribute("data-differs", "true");
  await expect(page.getByTestId("verdict")).toContainText("optimizer=");

  // The crosshair tooltip lists every run's value at the hovered x.
  await chart(page, "mIoU").scrollIntoViewIfNeeded();
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
  const seriesText = fs.readFileSync(await seriesDownload.path(), "utf8");
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
  const summaryLines = fs
    .readFileSync(await summaryDownload.path(), "utf8")
    .trim()
    .split("\r\n");
  expect(summaryLines[0].split(",").slice(0, 3)).toEqual(["run", "run_id", "best"]);
  expect(summaryLines).toHaveLength(4);
  for (const name of RUNS) {
    const line = summaryLines.find((l) => l.startsWith(`${name},`));
    expect(line).toBeDefined();
    expect(Number(line!.split(",")[2])).toBeGreaterThan(0.3);
  }
});

test("summary cells mark the point; legend hides a run; y lock, PNG export, two-key grid", async ({ page, factory }) => {
  const project = await factory.project();
  const ids = (await factory.exampleRuns(project, RUNS)).map((r) => r.id);
  await page.goto(`/projects/${project}/compare?runs=${ids.join(",")}`);
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
  const view = page.getByTestId("compare-view");
  await expect(view).toHaveAttribute("data-to", /\d/);
  await allReady(page);
  expect(Number(await view.getAttribute("data-from"))).toBeLessThan(step);
  expect(Number(await view.getAttribute("data-to"))).toBeGreaterThan(step);
  await expect(page.getByTestId("chart-mark").first()).toBeVisible();

  // Keyboard zoom on a focused chart: Escape resets, + zooms in around the middle, → pans right.
  await chart(page, "mIoU").locator("canvas").focus();
  await page.keyboard.press("Escape");
  await expect(view).not.toHaveAttribute("data-from", /\d/);
  await allReady(page);
  await page.keyboard.press("+");
  await expect(view).toHaveAttribute("data-from", /\d/);
  const keyFrom = Number(await view.getAttribute("data-from"));
  const keyTo = Number(await view.getAttribute("data-to"));
  expect(keyFrom).toBeGreaterThan(0);
  await allReady(page);
  await page.keyboard.press("ArrowRight");
  await expect.poll(async () => Number(await view.getAttribute("data-from"))).toBeGreaterThan(keyFrom);
  expect(Number(await view.getAttribute("data-to")) - Number(await view.getAttribute("data-from"))).toBeCloseTo(keyTo - keyFrom, 6);
  await allReady(page);

  // A double-click on any chart resets every chart's zoom.
  await chart(page, "loss").locator("canvas").dblclick();
  await expect(view).not.toHaveAttribute("data-from", /\d/);
  await expect(page).not.toHaveURL(/from=/);
  await allReady(page);

  // Lock a chart's y range: it goes into the URL.
  await page.getByTestId("compare-chart-mIoU-ylock").click();
  await expect(page).toHaveURL(/ylock=mIoU:[\d.e-]+:[\d.e-]+/);

  // One run's diagnosis (plateau bands, LR drops, events) drawn on the charts.
  await page.getByTestId("diagnosis-marks").selectOption({ label: RUNS[0] });
  await expect(chart(page, "mIoU")).toHaveAttribute("data-overlays", /^[1-9]/);
  await expect(page).toHaveURL(new RegExp(`diag=${ids[0]}`));

  // Each chart exports as a PNG image.
  const [png] = await Promise.all([page.waitForEvent("download"), page.getByTestId("compare-chart-mIoU-png").click()]);
  expect(png.suggestedFilename()).toBe("mIoU.png");
  expect(
    fs
      .readFileSync(await png.path())
      .subarray(1, 4)
      .toString(),
  ).toBe("PNG");

  // Two group-by keys give the grid; a cell lists its runs.
  await page.getByTestId("group-by").selectOption("optimizer");
  await page.getByTestId("group-by-2").selectOption("schedule");
  const grid = page.getByTestId("group-grid");
  await expect(grid.locator("tbody tr")).toHaveCount(2);
  await grid.getByRole("button", { name: /n=2/ }).click();
  await expect(page.getByTestId("group-grid-runs")).toContainText(RUNS[0]);
  await expect(page.getByTestId("group-grid-runs")).toContainText(RUNS[1]);
});

/** A live run's points: steps [from, to) of mIoU, lr and loss. */
const points = (from: number, to: number) => {
  const step = Array.from({ length: to - from }, (_, i) => from + i);
  return { step, values: { mIoU: step.map((s) => 0.3 + s / 1000), lr: step.map(() => 1e-4), loss: step.map((s) => 1 / (1 + s)) } };
};
const config = { optimizer: "AdamW", lr: 1e-4, max_steps: 200, schedule: "constant" };

test("points a running run logs appear without a reload, zoom kept", async ({ page, factory }) => {
  const project = await factory.project();
  const live = (await factory.run(project, { name: "live", config, points: points(0, 20) })).id;
  const done = (await factory.run(project, { name: "done", config, points: points(0, 30), status: "finished" })).id;

  await page.goto(`/projects/${project}/compare?runs=${live},${done}&smooth=none&from=0&to=100`);
  const view = page.getByTestId("compare-view");
  await expect(view).toHaveAttribute("data-live", "true");
  await expect(chart(page, "mIoU")).toHaveAttribute("data-state", "ready");
  await expect(chart(page, "mIoU")).toHaveAttribute("data-points", "50");
  await factory.log(live, points(20, 40));
  // The project's events bring the points (the zoomed range's new part is read and appended).
  await expect(chart(page, "mIoU")).toHaveAttribute("data-points", "70", { timeout: 30_000 });
  await expect(view).toHaveAttribute("data-from", "0");
  await expect(view).toHaveAttribute("data-to", "100");
});

test("live runs' appended points are drawn from reads of only the new range, one read for every run that logged", async ({ page, factory }) => {
  const project = await factory.project();
  const [a, b] = [
    (await factory.run(project, { name: "a", config, points: points(0, 20) })).id,
    (await factory.run(project, { name: "b", config, points: points(0, 10) })).id,
  ];
  const done = (await factory.run(project, { name: "done", config, points: points(0, 30), status: "finished" })).id;

  // The default view: EMA smoothing (computed by the server), no zoom.
  await page.goto(`/projects/${project}/compare?runs=${a},${b},${done}`);
  await expect(page.getByTestId("live")).toHaveAttribute("data-connected", "true");
  const drawn = page.locator("[data-chart-id]").filter({ has: chart(page, "mIoU") });
  await expect(drawn).toHaveAttribute("data-last-x", `${a}:19 ${b}:9 ${done}:29`);
  const reads: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname !== "/api/v1/series") return;
    const p = url.searchParams;
    reads.push(`${p.get("runs")} ${p.get("keys")} from ${p.get("from")} smooth ${p.get("smooth")?.split(":")[0]}`);
  });

  // Batches of more points than an event carries (3 keys × 22+ steps, lib/events/appended-points.ts): their new range is read.
  await factory.log(a, points(20, 45));
  await expect(drawn).toHaveAttribute("data-last-x", `${a}:44 ${b}:9 ${done}:29`);
  await expect(page.getByTestId("compare-view")).toContainText("updating live");
  await factory.log(b, points(10, 32));
  await expect(drawn).toHaveAttribute("data-last-x", `${a}:44 ${b}:31 ${done}:29`);
  // Logged at once: read together (from the earliest new step) or one after the other, as the events meet the rounds.
  await Promise.all([factory.log(a, points(45, 67)), factory.log(b, points(32, 54))]);
  await expect(drawn).toHaveAttribute("data-last-x", `${a}:66 ${b}:53 ${done}:29`);
  // Every read is of new points only: never the whole series of any run again, never the finished run.
  expect(reads.slice(0, 2)).toEqual([`${a} loss,lr,mIoU from 20 smooth ema`, `${b} loss,lr,mIoU from 10 smooth ema`]);
  expect(
    reads.slice(2).every((r) => / from (32|45) smooth ema$/.test(r) && !r.includes(done)),
    reads.join("; "),
  ).toBe(true);
});

/** Each line's values as the chart's screen-reader table lists them (every point of these short runs; a gap is NaN). */
const tableValues = (page: Page, key: string) =>
  chart(page, key)
    .locator("table")
    .evaluateAll((tables) =>
      tables.map((t) => ({
        line: t.querySelector("caption")?.textContent ?? "",
        values: [...t.querySelectorAll("tbody tr")].map((r) => Number(r.children[1].textContent)),
      })),
    );

for (const [view, smooth] of [
  ["unsmoothed lines", "&smooth=none"],
  ["the default EMA, continued from the state the server sent with each line", ""],
] as const) {
  test(`a live run's small batches are drawn from their events alone (${view}); a large one is read by its new range`, async ({ page, factory }) => {
    const project = await factory.project();
    const [a, b] = [
      (await factory.run(project, { name: "a", config, points: points(0, 20) })).id,
      (await factory.run(project, { name: "b", config, points: points(0, 10) })).id,
    ];
    const url = `/projects/${project}/compare?runs=${a},${b}${smooth}`;
    await page.goto(url);
    await expect(page.getByTestId("live")).toHaveAttribute("data-connected", "true");
    const drawn = page.locator("[data-chart-id]").filter({ has: chart(page, "mIoU") });
    await expect(drawn).toHaveAttribute("data-last-x", `${a}:19 ${b}:9`);
    const reads: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname === "/api/v1/series") reads.push(`${url.searchParams.get("runs")} from ${url.searchParams.get("from")}`);
    });

    // Each batch after a run's first is a plain append: its event carries its points.
    await factory.log(a, points(20, 25));
    await expect(drawn).toHaveAttribute("data-last-x", `${a}:24 ${b}:9`);
    await Promise.all([factory.log(a, points(25, 27)), factory.log(b, points(10, 12))]);
    await expect(drawn).toHaveAttribute("data-last-x", `${a}:26 ${b}:11`);
    await expect(chart(page, "mIoU")).toHaveAttribute("data-points", "39");
    expect(reads).toEqual([]);
    // The lines drawn from the events are the ones the view reads from the server once reloaded (to 1e-9: the server's EMA starts a few points back).
    const lengths = async () => (await tableValues(page, "mIoU")).map((t) => t.values.length);
    await expect.poll(lengths).toEqual([27, 12]);
    const live = await tableValues(page, "mIoU");
    await page.reload();
    await expect(drawn).toHaveAttribute("data-last-x", `${a}:26 ${b}:11`);
    await expect.poll(lengths).toEqual([27, 12]);
    const read = await tableValues(page, "mIoU");
    expect(live.map((t) => t.line)).toEqual(read.map((t) => t.line));
    live.forEach((t, i) => t.values.forEach((v, j) => expect(Math.abs(v - read[i].values[j]), `${t.line} at ${j}`).toBeLessThanOrEqual(1e-9)));
    await expect(page.getByTestId("live")).toHaveAttribute("data-connected", "true");
    reads.length = 0;
    // More points than an event carries (lib/events/appended-points.ts): the new range is read.
    await factory.log(a, points(27, 77));
    await expect(drawn).toHaveAttribute("data-last-x", `${a}:76 ${b}:11`);
    expect(reads).toEqual([`${a} from 27`]);
  });
}

test("when the event stream can't connect, the compare view polls: a live run's new points still appear", async ({ page, factory }) => {
  const project = await factory.project();
  const points = (from: number, to: number) => {
    const step = Array.from({ length: to - from }, (_, i) => from + i);
    return { step, values: { mIoU: step.map((s) => 0.3 + s / 1000), loss: step.map((s) => 1 / (1 + s)) } };
  };
  const live = (await factory.run(project, { name: "live", points: points(0, 20) })).id;
  const done = (await factory.run(project, { name: "done", points: points(0, 30), status: "finished" })).id;
  await page.route("**/api/v1/projects/*/events*", (route) => route.abort());
  await page.goto(`/projects/${project}/compare?runs=${live},${done}&smooth=none`);
  const view = page.getByTestId("compare-view");
  await expect(view).toHaveAttribute("data-live", "true");
  await expect(page.getByTestId("live")).toHaveAttribute("data-connected", "false");
  await expect(view).toContainText("refreshing every 10 s");
  await expect(chart(page, "mIoU")).toHaveAttribute("data-points", "50");
  await factory.log(live, points(20, 40));
  await expect(chart(page, "mIoU")).toHaveAttribute("data-points", "70", { timeout: 30_000 });
});

test("an event stream the server refuses is opened again with backoff: the view goes back from polling to live", async ({ page, factory }) => {
  const project = await factory.project();
  const live = (await factory.run(project, { name: "live", config, points: points(0, 20) })).id;
  const done = (await factory.run(project, { name: "done", config, points: points(0, 30), status: "finished" })).id;
  // The first two streams are refused as the server's stream limit refuses them (429): EventSource gives up on each.
  let refused = 0;
  await page.route("**/api/v1/projects/*/events*", (route) => {
    if (refused >= 2) return route.continue();
    refused++;
    return route.fulfill({ status: 429, contentType: "application/json", body: '{"error":{"code":"rate_limited","message":"try again later"}}' });
  });
  await page.goto(`/projects/${project}/compare?runs=${live},${done}&smooth=none`);
  const view = page.getByTestId("compare-view");
  await expect(chart(page, "mIoU")).toHaveAttribute("data-points", "50");
  // Tried again after 1 s, then 2 s: the third stream is the server's.
  await expect(page.getByTestId("live")).toHaveAttribute("data-connected", "true");
  expect(refused).toBe(2);
  await expect(view).toContainText("updating live");
  await factory.log(live, points(20, 40));
  await expect(chart(page, "mIoU")).toHaveAttribute("data-points", "70");
});

test("a URL with every setting restores every control; charts can be added from the key list", async ({ page, factory }) => {
  const project = await factory.project();
  const ids = (await factory.exampleRuns(project, RUNS)).map((r) => r.id);
  const query = `runs=${ids.join(",")}&charts=lr,mIoU,loss%2Bval_loss&x=epoch&smooth=running&strength=0.7&log=mIoU&ylock=mIoU:0.2:0.6&noraw=mIoU&hide=${ids[2]}&all=1`;
  await page.goto(`/projects/${project}/compare?${query}`);
  await allReady(page);

  await expect(page.getByTestId("smoothing-kind")).toHaveValue("running");
  await expect(page.getByTestId("smoothing-strength")).toHaveValue("0.7");
  await expect(page.getByTestId("compare-x-axis").getByRole("radio", { name: "epoch" })).toBeChecked();
  await expect(chart(page, "mIoU")).toHaveAttribute("data-log-y", "true");
  await expect(chart(page, "lr")).toHaveAttribute("data-log-y", "false");
  await expect(page.getByTestId("compare-chart-mIoU-ylock")).toHaveAttribute("aria-pressed", "true");
  await expect(chart(page, "mIoU")).toHaveAttribute("data-series", "2");
  await expect(page.getByTestId("compare-legend").locator(`[data-legend-id="${ids[2]}"]`)).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("config-show-all")).toBeChecked();
  await expect(page.getByTestId("config-diff").locator('tbody tr[data-differs="false"]').first()).toBeVisible();

  // The log/linear switch of a chart is part of the view too.
  await page.getByTestId("compare-chart-lr-log").click();
  await expect(chart(page, "lr")).toHaveAttribute("data-log-y", "true");
  await expect(page).toHaveURL(/log=mIoU,lr/);

  // Add a chart from the searchable list of the runs' keys.
  await page.getByTestId("add-chart").fill("aAcc");
  await page.getByTestId("add-chart").press("Enter");
  await expect(chart(page, "aAcc")).toHaveAttribute("data-state", "ready");
  await expect(page).toHaveURL(/charts=lr,mIoU,loss%2Bval_loss,aAcc/);
});

test("a compare link opened afresh draws from the reads its page started: no read per run, one series read", async ({ page, factory }) => {
  const project = await factory.project();
  const ids = (await factory.exampleRuns(project, RUNS)).map((r) => r.id);
  const reads: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (/^\/api\/v1\/runs\/[^/]+$/.test(path) || path === "/api/v1/series") reads.push(path);
  });
  await page.goto(`/projects/${project}/compare?runs=${ids.join(",")}`);
  await allReady(page);
  await expect(chart(page, "mIoU")).toHaveAttribute("data-series", "3");
  // The runs' details came with the page, and the charts' one series read was started by it (a
  // preload, for the width the server guessed) and taken up by the page, not made a second time.
  expect(reads).toEqual(["/api/v1/series"]);
  // The read leaves as the HTML is parsed (a <link> in it), not once React's scripts have run and
  // read a hint in the RSC payload.
  const html = await (await page.request.get(`/projects/${project}/compare?runs=${ids.join(",")}`)).text();
  expect(html).toMatch(/<link rel="preload" href="\/api\/v1\/series\?[^"]+" as="fetch" crossorigin/);

  // A zoom reads its range once; going back to a view already read reads nothing (the server is
  // left free for the next zoom's read).
  const view = page.getByTestId("compare-view");
  await chart(page, "mIoU").locator("canvas").focus();
  await page.keyboard.press("+");
  await expect(view).toHaveAttribute("data-from", /\d/);
  await allReady(page);
  await page.keyboard.press("Escape");
  await expect(view).not.toHaveAttribute("data-from", /\d/);
  await allReady(page);
  // Long enough for a refetch to have left, had the reset started one.
  await page.waitForTimeout(500);
  expect(reads).toEqual(["/api/v1/series", "/api/v1/series"]);
});

test("a chart waiting for its points pulses only after a second, and not at all with reduced motion", async ({ page, browser, factory }) => {
  const project = await factory.project();
  const ids = (await factory.exampleRuns(project, RUNS.slice(0, 2))).map((r) => r.id);
  const url = `/projects/${project}/compare?runs=${ids.join(",")}`;
  // The series read held back: the charts stay loading until it is let go.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/v1/series*", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(url);
  const overlay = chart(page, "mIoU").getByRole("status", { name: "Loading chart" });
  await expect(overlay).toBeVisible();
  // The placeholder's animation waits a second before its first frame: a load done sooner animates nothing.
  const timing = await overlay.evaluate((el) => el.getAnimations().map((a) => a.effect?.getComputedTiming().delay));
  expect(timing).toEqual([1000]);
  release();
  await allReady(page);

  const reduced = await browser.newContext({ viewport: page.viewportSize() ?? undefined, reducedMotion: "reduce" });
  const still = await reduced.newPage();
  await still.route("**/api/v1/series*", () => {});
  await still.goto(page.url());
  const stillOverlay = chart(still, "mIoU").getByRole("status", { name: "Loading chart" });
  await expect(stillOverlay).toBeVisible();
  expect(await stillOverlay.evaluate((el) => el.getAnimations().length)).toBe(0);
  await reduced.close();
});
