import { expect, test } from "./fixtures";

// A newcomer's first visit, on the suite's fresh server before any other spec has written to it
// (playwright.config.ts runs this project first): the empty home page, then the example runs.
test("an empty install offers the example runs, which load with one click", async ({ page, factory }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "No runs yet" })).toBeVisible();
  await expect(page.getByTestId("load-demo")).toBeVisible();
  await expect(page.getByTestId("project-card")).toHaveCount(0);

  // With a project of one's own, the offer folds into the list's "load the example runs" disclosure.
  const project = await factory.project();
  await page.reload();
  await expect(page.getByTestId("project-card").filter({ hasText: project })).toBeVisible();
  const button = page.getByTestId("load-demo");
  await expect(button).toBeHidden();
  await page.getByText("Log a new run or load the example runs").click();
  await button.click();
  await page.waitForURL("**/projects/demo");
  await expect(page.getByTestId("runs")).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("run-row")).toHaveCount(24);

  // Loaded once, it is no longer offered.
  await page.goto("/");
  await expect(page.getByTestId("project-card").filter({ hasText: "demo" })).toBeVisible();
  await expect(page.getByTestId("load-demo")).toHaveCount(0);
});
