import { expect, test } from "./fixtures";
import { spawnSync } from "node:child_process";

// A training script logs a run with the Python client; the dashboard shows it in the runs table
// and draws its LR (log axis) and mIoU charts with the logged values.
test("a run logged with the Python client shows up with its LR and mIoU charts", async ({ page, baseURL, factory }) => {
  const project = factory.projectName();
  const script = `
import sys; sys.path.insert(0, "public")
import anneal
run = anneal.init(project="${project}", name="adamw-1e-4-poly",
                  config={"optimizer": "AdamW", "lr": 1e-4, "batch_size": 16, "schedule": "poly", "max_steps": 600})
for s in range(600):
    run.log({"lr": 1e-4 * (1 - s / 600) ** 0.9, "loss": 2.0 / (1 + s / 100)}, step=s, epoch=s // 20)
    if s % 100 == 99:
        run.log({"mIoU": round(0.1 * (s + 1) / 100, 3)}, step=s, epoch=s // 20)
run.finish()
`;
  const r = spawnSync("python3", ["-c", script], { env: { ...process.env, ANNEAL_URL: baseURL! }, encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);

  await page.goto(`/projects/${project}`);
  const row = page.getByTestId("run-row").filter({ hasText: "adamw-1e-4-poly" });
  await expect(row).toHaveAttribute("data-status", "finished");
  await expect(row).toContainText("AdamW");
  await expect(row.getByTestId("best")).toContainText("0.6");

  await row.getByRole("link", { name: "adamw-1e-4-poly" }).click();
  const lr = page.getByTestId("chart-lr");
  await expect(lr).toHaveAttribute("data-state", "ready");
  await expect(lr).toHaveAttribute("data-points", "600");
  await expect(lr).toHaveAttribute("data-log-y", "true");
  await expect(lr.locator("table").first()).toContainText("0.0001");
  const miou = page.getByTestId("chart-mIoU");
  await expect(miou).toHaveAttribute("data-state", "ready");
  await expect(miou).toHaveAttribute("data-points", "6");
  // The screen-reader table follows the drawing in a render of its own.
  await expect(miou.locator("table").first().locator("tbody tr")).toHaveCount(6);
  const values = await miou.locator("table").first().locator("tbody td:nth-child(2)").allTextContents();
  expect(values.map(Number)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
});

test("a running run's page picks up new points without a reload", async ({ page, factory }) => {
  const run = await factory.run(factory.projectName(), { name: "live", points: { step: [0, 1, 2], values: { loss: [3, 2.5, 2.2] } } });
  await page.goto(run.path);
  const loss = page.getByTestId("chart-loss");
  await expect(loss).toHaveAttribute("data-points", "3");
  await factory.log(run.id, { step: [3, 4], values: { loss: [2.0, 1.9] } });
  await expect(loss).toHaveAttribute("data-points", "5", { timeout: 20_000 });
});

test("a running run's page draws a small batch from its event alone; a large one is read by its new range", async ({ page, factory }) => {
  const run = await factory.run(factory.projectName(), { name: "live", points: { step: [0, 1, 2], values: { loss: [3, 2.5, 2.2] } } });
  await page.goto(run.path);
  await expect(page.getByTestId("live")).toHaveAttribute("data-connected", "true");
  const loss = page.getByTestId("chart-loss");
  await expect(loss).toHaveAttribute("data-points", "3");
  const reads: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname.endsWith("/metrics") && url.searchParams.has("from")) reads.push(`from ${url.searchParams.get("from")}`);
  });
  // Each batch after a run's first is a plain append: its event carries its points (lib/events/appended-points.ts).
  await factory.log(run.id, { step: [3, 4], values: { loss: [2.0, 1.9] } });
  await expect(loss).toHaveAttribute("data-points", "5");
  await factory.log(run.id, { step: [5], values: { loss: [1.8] } });
  await expect(loss).toHaveAttribute("data-points", "6");
  const values = () => loss.locator("table").first().locator("tbody td:nth-child(2)").allTextContents();
  await expect.poll(values).toEqual(["3", "2.5", "2.2", "2", "1.9", "1.8"]);
  expect(reads).toEqual([]);
  // More points than an event carries: the new range is read.
  const step = Array.from({ length: 70 }, (_, i) => 6 + i);
  await factory.log(run.id, { step, values: { loss: step.map((s) => 1 / s) } });
  await expect(loss).toHaveAttribute("data-points", "76");
  expect(reads).toEqual(["from 6"]);
});
