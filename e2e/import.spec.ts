import { test, expect } from "@playwright/test";
import { makeWorkDirs } from "./work-dirs";

test("import a folder of two runs in the browser: preview, edit, import, see the charts", async ({ page }) => {
  const project = `ui-import-${Date.now()}`;
  await page.goto(`/projects/${project}/import`);
  await page.getByTestId("import-folder-input").setInputFiles(makeWorkDirs("sgd-2e-2-multistep.jsonl"));
  const preview = page.getByTestId("import-preview");
  await expect(preview).toBeVisible();
  const cards = page.getByTestId("import-preview-run");
  await expect(cards).toHaveCount(2);
  const keras = cards.filter({ hasText: "training.log" });
  await expect(keras.getByTestId("import-format")).toHaveText("keras-csv");
  await expect(keras.getByTestId("import-metrics")).toContainText("lr");
  await expect(keras.getByTestId("import-metrics")).toContainText("24");
  await keras.getByTestId("import-name").fill("brats-unet-plateau");
  await page.getByTestId("import-submit").click();
  const done = page.getByTestId("import-done");
  await expect(done).toContainText("Imported 2 run(s)");
  await done.getByRole("link", { name: "brats-unet-plateau" }).click();
  await expect(page.getByRole("heading", { name: "brats-unet-plateau" })).toBeVisible();
  const lr = page.locator('[data-testid="chart-lr"]');
  await expect(lr).toHaveAttribute("data-state", "ready");
  await expect(lr).toHaveAttribute("data-points", "24");
});

test("a dropped file that is no log gets a clear error naming it", async ({ page }) => {
  await page.goto(`/projects/ui-import-bad-${Date.now()}/import`);
  await page
    .getByTestId("import-file-input")
    .setInputFiles({ name: "metrics.csv", mimeType: "text/csv", buffer: Buffer.from([0, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0]) });
  await expect(page.getByTestId("error")).toContainText("metrics.csv");
});
