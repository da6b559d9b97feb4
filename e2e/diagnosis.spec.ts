import type { Page } from "@playwright/test";
import { expect, test, type Factory } from "./fixtures";

// The diagnosis UI on example runs (real PyTorch training curves) and on a live run logged
// through the API: recognised schedule, events and advice, the ReduceLROnPlateau "what if"
// replay, chart overlays, and the runs table's schedule / plateau columns.

/** The example run `name` in a project of the test's own; returns its page path. */
async function exampleRunPath(factory: Factory, name: string): Promise<string> {
  const [run] = await factory.exampleRuns(await factory.project(), [name]);
  return run.path;
}

const diagnosisReady = (page: Page) => expect(page.getByTestId("diagnosis")).toHaveAttribute("data-state", "ready");

test("a ReduceLROnPlateau run: schedule recognised, the replay follows the edited parameters and the URL", async ({ page, factory }) => {
  const path = await exampleRunPath(factory, "sgd-2e-2-plateau");
  await page.goto(path);
  await diagnosisReady(page);
  await expect(page.getByTestId("diagnosis-schedule")).toHaveAttribute("data-type", "plateau");
  await expect(page.getByTestId("schedule-label")).toContainText("plateau");

  // The editor starts from the run's own scheduler settings (its config's schedule_params: factor 0.5, patience 2).
  await expect(page.getByTestId("replay-own")).toContainText("factor 0.5, patience 2");
  await expect(page.getByTestId("replay-factor")).toHaveValue("0.5");
  await expect(page.getByTestId("replay-patience")).toHaveValue("2");
  const reductions = page.getByTestId("replay-reductions");
  await expect(reductions).toHaveAttribute("data-count", "6");
  await expect(reductions.getByTestId("replay-reduction").first()).toContainText("0.02 → 0.01");
  await expect(page).not.toHaveURL(/factor=/);
  // PyTorch's defaults are one click away, and the run's own one click back.
  await page.getByTestId("replay-reset").click();
  await expect(page.getByTestId("replay-factor")).toHaveValue("0.1");
  await expect(page).toHaveURL(/factor=0\.1/);
  await expect(page).toHaveURL(/patience=10/);
  await diagnosisReady(page);
  await expect(reductions).not.toHaveAttribute("data-count", "6");
  await page.getByTestId("replay-own-reset").click();
  await expect(page).not.toHaveURL(/factor=/);
  await expect(reductions).toHaveAttribute("data-count", "6");
  await diagnosisReady(page);

  // The LR chart: 2 plateau bands + 6 LR-drop lines + the replayed LR line + 6 replayed drops.
  const lr = page.getByTestId("chart-lr");
  await expect(lr).toHaveAttribute("data-state", "ready");
  await expect(lr).toHaveAttribute("data-overlays", "15");
  await page.getByTestId("overlay-replay").uncheck();
  await expect(lr).toHaveAttribute("data-overlays", "8");
  await page.getByTestId("overlay-lr-drops").uncheck();
  await expect(lr).toHaveAttribute("data-overlays", "2");
  await page.getByTestId("overlay-plateaus").uncheck();
  await expect(lr).toHaveAttribute("data-overlays", "0");
  await expect(page.getByTestId("chart-mIoU")).toHaveAttribute("data-overlays", "0");
  // Overlays never count as data.
  await expect(lr).toHaveAttribute("data-series", "1");

  // A shared link reproduces the replay.
  await page.goto(`${path}?factor=0.1&patience=10`);
  await diagnosisReady(page);
  await expect(page.getByTestId("replay-factor")).toHaveValue("0.1");
  await expect(page.getByTestId("replay-patience")).toHaveValue("10");
});

test("an invalid replay parameter is explained and not sent", async ({ page, factory }) => {
  await page.goto(await exampleRunPath(factory, "sgd-2e-2-plateau"));
  await diagnosisReady(page);
  const factor = page.getByTestId("replay-factor");
  await factor.fill("2");
  await expect(factor).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Between 0 and 1 (exclusive)")).toBeVisible();
  await expect(page.getByTestId("error")).toHaveCount(0);
  await expect(page).not.toHaveURL(/factor=/);
});

test("a run that diverges to NaN shows the NaN event, an error advice and event markers", async ({ page, factory }) => {
  await page.goto(await exampleRunPath(factory, "sgd-80-const-nan"));
  await diagnosisReady(page);
  await expect(page.getByTestId("event-row").and(page.locator('[data-type="nan"]')).first()).toContainText("NaN");
  await expect(page.getByTestId("advice-item").and(page.locator('[data-severity="error"]')).first()).toBeVisible();
  await expect(page.getByTestId("schedule-label")).toContainText("constant");
  const loss = page.getByTestId("chart-loss");
  await expect(loss).toHaveAttribute("data-state", "ready");
  await expect(loss).not.toHaveAttribute("data-overlays", "0");
  await page.getByTestId("overlay-events").uncheck();
  await expect(loss).toHaveAttribute("data-overlays", "0");
});

test("an LR range test gets the loss-vs-LR plot with a suggested LR", async ({ page, factory }) => {
  await page.goto(await exampleRunPath(factory, "lr-range-test-sgd"));
  await diagnosisReady(page);
  const chart = page.getByTestId("chart-lr-finder");
  await expect(chart).toHaveAttribute("data-state", "ready");
  // The suggested-LR line and the usable-range band.
  await expect(chart).toHaveAttribute("data-overlays", "2");
  await expect(page.getByTestId("lr-finder-suggested")).toHaveText(/e-3|0\.0\d/);
  // torch-lr-finder's own suggestion on the same points, for users who know its plot().
  await expect(page.getByTestId("lr-finder-torch")).toContainText(/torch-lr-finder's plot\(\) suggests (\d\.\d+e-3|0\.0\d)/);
  // A ReduceLROnPlateau replay means nothing on a range test: no editor, no replayed LR, no toggle for it.
  await expect(page.getByTestId("replay-editor")).toHaveCount(0);
  await expect(page.getByTestId("overlay-toggles")).toBeVisible();
  await expect(page.getByTestId("overlay-replay")).toHaveCount(0);
  await expect(page.getByTestId("chart-lr")).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("chart-lr")).toHaveAttribute("data-overlays", "0");
});

test("the runs table shows the recognised schedule next to the configured one", async ({ page, factory }) => {
  const project = await factory.project();
  await factory.exampleRuns(project, ["sgd-2e-2-multistep"]);
  await page.goto(`/projects/${project}`);
  const row = page.getByTestId("run-row").filter({ hasText: "sgd-2e-2-multistep" });
  await expect(row.getByTestId("schedule-observed")).toContainText("multistep");
  await expect(row.getByTestId("schedule-mismatch")).toHaveCount(0);
});

test("a running run on a plateau gets the badge in the table and on its page, and a mismatch flag", async ({ page, factory }) => {
  const project = await factory.project();
  // 20 evaluations, one per epoch: mIoU improves for 4 epochs, then stays flat for 15.
  const epochs = Array.from({ length: 20 }, (_, i) => i);
  const run = await factory.run(project, {
    name: "stalled",
    config: { optimizer: "SGD", lr: 0.01, schedule: "cosine" },
    points: {
      step: epochs.map((e) => e * 20),
      epoch: epochs,
      values: { mIoU: epochs.map((e) => Math.min(0.3 + 0.05 * e, 0.5)), lr: epochs.map(() => 0.01), loss: epochs.map((e) => 1 / (1 + e)) },
    },
  });

  await page.goto(`/projects/${project}`);
  const row = page.getByTestId("run-row").filter({ hasText: "stalled" });
  await expect(row).toHaveAttribute("data-status", "running");
  await expect(row.getByTestId("plateau-badge")).toHaveText(/plateau since epoch \d+/);
  await expect(row.getByTestId("schedule-observed")).toContainText("constant");
  await expect(row.getByTestId("schedule-mismatch")).toHaveAttribute("title", "config says cosine, LR follows constant");

  await page.goto(run.path);
  await expect(page.getByTestId("run-view").getByTestId("plateau-badge")).toHaveText(/plateau since epoch \d+/);
  await diagnosisReady(page);
  await expect(page.getByTestId("diagnosis-mismatch")).toBeVisible();
  await expect(page.getByTestId("plateau-item").first()).toContainText("ongoing");
});

test("a run within known-good ranges gets no advice; a failed analysis shows an error", async ({ page, factory }) => {
  const path = await exampleRunPath(factory, "adamw-1e-4-cosine-s0");
  await page.goto(path);
  await diagnosisReady(page);
  await expect(page.getByTestId("advice-empty")).toContainText("Nothing to report");
  await expect(page.getByTestId("advice-item")).toHaveCount(0);

  await page.route("**/analysis?**", (route) =>
    route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: { code: "internal", message: "Analysis failed" } }) }),
  );
  await page.goto(path);
  await expect(page.getByTestId("diagnosis")).toHaveAttribute("data-state", "error");
  await expect(page.getByTestId("diagnosis").getByRole("alert")).toContainText("Analysis failed");
});
