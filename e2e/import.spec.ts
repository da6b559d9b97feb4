import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { makeWorkDirs } from "./work-dirs";

test("import a folder of two runs in the browser: preview, edit, import, see the charts", async ({ page, factory }) => {
  await page.goto(`/projects/${factory.projectName()}/import`);
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

test("a dropped file that is no log gets a clear error naming it", async ({ page, factory }) => {
  await page.goto(`/projects/${factory.projectName()}/import`);
  await page
    .getByTestId("import-file-input")
    .setInputFiles({ name: "metrics.csv", mimeType: "text/csv", buffer: Buffer.from([0, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0]) });
  await expect(page.getByTestId("error")).toContainText("metrics.csv");
});

test("a folder picked before the page is interactive is previewed once it is", async ({ page, factory }) => {
  // Hold the page's scripts (not its stylesheet) back: the server-rendered input is all there is until released.
  let release = () => {};
  const released = new Promise<void>((r) => (release = r));
  const script = (url: URL) => url.pathname.startsWith("/_next/static/") && url.pathname.endsWith(".js");
  await page.route(script, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(`/projects/${factory.projectName()}/import`, { waitUntil: "commit" });
  const input = page.getByTestId("import-folder-input");
  await expect(input).toHaveAttribute("webkitdirectory", "");
  await input.setInputFiles(makeWorkDirs("sgd-2e-2-multistep.jsonl"));
  await expect(page.getByTestId("import-preview")).toHaveCount(0);
  release();
  await expect(page.getByTestId("import-preview-run")).toHaveCount(2);
});

test("the preview says how an ambiguous file was read: a Keras history with lr and loss is no LR range test", async ({ page, factory }) => {
  await page.goto(`/projects/${factory.projectName()}/import`);
  const buffer = readFileSync("fixtures/importers/json-history/brats_keras_history_lr_loss.json");
  await page.getByTestId("import-file-input").setInputFiles({ name: "history.json", mimeType: "application/json", buffer });
  const card = page.getByTestId("import-preview-run");
  await expect(card.getByTestId("import-format")).toHaveText("json-history");
  await expect(card.getByTestId("import-note").last()).toContainText("Read as a training history, not an LR range test: lr 0.001 → 0.000001");
});

test("values that fall on one step are counted in the preview, not dropped silently", async ({ page, factory }) => {
  await page.goto(`/projects/${factory.projectName()}/import`);
  const buffer = Buffer.from('{"step": 0, "loss": 2.0}\n{"step": 0, "loss": 1.9}\n{"step": 1, "loss": 1.5}\n');
  await page.getByTestId("import-file-input").setInputFiles({ name: "log.jsonl", mimeType: "application/x-ndjson", buffer });
  const card = page.getByTestId("import-preview-run");
  await expect(card.getByTestId("import-warning").first()).toContainText("1 value fell on a step another line already held");
  await expect(card.getByTestId("import-metrics")).toContainText("collapsed");
});
