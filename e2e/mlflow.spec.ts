import { expect, test, type APIRequestContext } from "@playwright/test";

/**
 * A run logged through the MLflow API the way HF Trainer's MLflowCallback logs it (set_experiment,
 * start_run, params in batches, metrics every 10 steps, an artifact, end_run) shows in Anneal: the
 * runs table with its mapped config, the compare view with its LR and validation-metric charts and
 * its schedule recognised, and its artifacts (an image inline) on the run page.
 */

const T0 = 1_700_000_000_000;
// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

async function mlflow(request: APIRequestContext, endpoint: string, data: object) {
  const r = await request.post(`/api/2.0/mlflow/${endpoint}`, { data });
  expect(r.status(), `${endpoint}: ${await r.text()}`).toBe(200);
  return r.json();
}

/** One HF Trainer run: warmup then `schedule` decay of the LR, loss falling, eval_mIoU every 100 steps. */
async function logHfRun(request: APIRequestContext, experimentId: string, name: string, optim: string, schedule: "cosine" | "linear", peak: number) {
  const { run } = await mlflow(request, "runs/create", {
    experiment_id: experimentId,
    start_time: T0,
    run_name: name,
    tags: [
      { key: "mlflow.user", value: "e2e" },
      { key: "mlflow.source.type", value: "LOCAL" },
    ],
  });
  const runId: string = run.info.run_id;
  const params = {
    learning_rate: String(peak),
    optim,
    lr_scheduler_type: schedule,
    warmup_steps: "50",
    per_device_train_batch_size: "8",
    max_steps: "1000",
    num_train_epochs: "2.0",
  };
  await mlflow(request, "runs/log-batch", { run_id: runId, params: Object.entries(params).map(([key, value]) => ({ key, value })) });
  const lrAt = (s: number) =>
    s < 50 ? (peak * s) / 50 : schedule === "cosine" ? peak * 0.5 * (1 + Math.cos((Math.PI * (s - 50)) / 950)) : (peak * (1000 - s)) / 950;
  const metrics = [];
  for (let step = 10; step <= 1000; step += 10) {
    const ts = T0 + step * 100;
    metrics.push(
      { key: "loss", value: 2 * Math.exp(-step / (optim.startsWith("adamw") ? 250 : 400)) + 0.2, timestamp: ts, step },
      { key: "learning_rate", value: lrAt(step), timestamp: ts, step },
      { key: "epoch", value: step / 500, timestamp: ts, step },
    );
    if (step % 100 === 0) metrics.push({ key: "eval_mIoU", value: 0.7 - 0.4 * Math.exp(-step / 300), timestamp: ts, step });
  }
  await mlflow(request, "runs/log-batch", { run_id: runId, metrics });
  const put = await request.put(`/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/plots/lr.png`, {
    data: PNG,
    headers: { "content-type": "image/png" },
  });
  expect(put.status()).toBe(200);
  await mlflow(request, "runs/update", { run_id: runId, run_uuid: runId, status: "FINISHED", end_time: T0 + 200_000 });
  return runId;
}

test("runs logged through the MLflow API: runs table, compare view with LR and eval charts and schedules, artifacts on the run page", async ({
  page,
  request,
}) => {
  const experiment = `mlflow-e2e-${Date.now()}`;
  expect((await request.get(`/api/2.0/mlflow/experiments/get-by-name?experiment_name=${experiment}`)).status()).toBe(404);
  const { experiment_id: experimentId } = await mlflow(request, "experiments/create", { name: experiment });
  const cosine = await logHfRun(request, experimentId, "hf-adamw-cosine", "adamw_torch", "cosine", 5e-5);
  const linear = await logHfRun(request, experimentId, "hf-sgd-linear", "sgd", "linear", 1e-2);

  // The runs table: both runs, with the optimizer and lr mapped from HF's argument names.
  await page.goto(`/projects/${experiment}`);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "hf-adamw-cosine", exact: true }) });
  await expect(row).toContainText("AdamW");
  await expect(page.getByRole("row").filter({ has: page.getByRole("link", { name: "hf-sgd-linear", exact: true }) })).toContainText("SGD");

  // The compare view: LR, eval_mIoU and loss charts drawn with both runs; each schedule recognised.
  await page.goto(`/projects/${experiment}/compare?runs=${cosine},${linear}`);
  for (const key of ["learning_rate", "eval_mIoU", "loss"]) {
    const chart = page.getByTestId(`compare-chart-${key}`);
    await expect(chart).toHaveAttribute("data-state", "ready");
    await expect(chart).toHaveAttribute("data-series", "2");
    await expect(chart.locator("[data-drawn]")).toHaveAttribute("data-drawn", /^ready:/);
  }
  const diagnosis = page.getByTestId("compare-diagnosis");
  await diagnosis.scrollIntoViewIfNeeded();
  const schedules = diagnosis.locator("tr", { hasText: "schedule" });
  await expect(schedules).toContainText(/cosine/i);
  await expect(schedules).toContainText(/linear/i);
  await expect(schedules).toContainText(/warmup/i);

  // The run page: the artifact listed and the image shown inline.
  await page.goto(`/projects/${experiment}/runs/${cosine}`);
  const artifacts = page.getByTestId("artifacts");
  await expect(artifacts.getByTestId("artifact-table").getByRole("link", { name: "plots/lr.png" })).toBeVisible();
  const image = artifacts.getByTestId("artifact-image");
  await expect(image).toHaveAttribute("alt", "plots/lr.png");
  await image.scrollIntoViewIfNeeded(); // lazy-loaded
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
});
