import { expect, test } from "./fixtures";

// The runs table of a project with more runs than a page: filters, search, sort, pagination and
// selection, all in the URL (a link reproduces the view).

test("the runs table filters, searches, sorts and pages, and keeps it all in the URL", async ({ page, factory }) => {
  const project = await factory.project();
  const names = [...Array.from({ length: 50 }, (_, i) => `run-${String(i).padStart(2, "0")}`), "adamw-seed-a", "adamw-seed-b"];
  for (let i = 0; i < names.length; i += 8) {
    await Promise.all(
      names.slice(i, i + 8).map((name) =>
        factory.run(project, {
          name,
          config: { optimizer: name.startsWith("adamw") ? "AdamW" : "SGD", lr: 0.01 },
          tags: name.startsWith("adamw") ? ["seeds"] : [],
          status: name === "run-07" || name === "adamw-seed-b" ? "finished" : undefined,
        }),
      ),
    );
  }
  const rows = page.getByTestId("run-row");
  const total = page.getByTestId("runs-total");
  await page.goto(`/projects/${project}`);
  await expect(total).toContainText("1–50 of 52 runs");

  // Pages forward and back (the API's cursor is forward-only: the table keeps the earlier ones).
  await page.getByTestId("page-next").click();
  await expect(total).toContainText("51–52 of 52 runs");
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("page-next")).toBeDisabled();
  await page.getByTestId("page-prev").click();
  await expect(total).toContainText("1–50 of 52 runs");

  // Sort by name: A→Z first, then Z→A on a second click.
  await page.getByTestId("sort-name").click();
  await expect(page).toHaveURL(/sort=name&order=asc/);
  await expect(rows.first()).toContainText("adamw-seed-a");
  await page.getByTestId("sort-name").click();
  // Descending is the default order: the link leaves it out.
  await expect(page).toHaveURL(/\?sort=name$/);
  await expect(rows.first()).toContainText("run-49");

  // Status and tag filters.
  await page.getByTestId("filter-status").selectOption("finished");
  await expect(rows).toHaveCount(2);
  await expect(page).toHaveURL(/status=finished/);
  await page.getByTestId("filter-status").selectOption("");
  await page.getByTestId("filter-tag").fill("seeds");
  await expect(page).toHaveURL(/tag=seeds/);
  await expect(rows).toHaveCount(2);
  await page.getByTestId("filter-tag").fill("");
  await expect(page).not.toHaveURL(/tag=/);

  // Search, typed slower than the debounce: each pause reaches the URL while typing goes on, and
  // no keystroke typed meanwhile is lost.
  const search = page.getByTestId("filter-q");
  await search.pressSequentially("adamw", { delay: 350 });
  await expect(page).toHaveURL(/q=adamw/);
  await expect(search).toHaveValue("adamw");
  await expect(rows).toHaveCount(2);

  // The URL alone reproduces the view.
  await page.goto(page.url());
  await expect(search).toHaveValue("adamw");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("adamw-seed-b");

  // Nothing matches: say so, and offer to clear the filters.
  await search.fill("no-such-run");
  await expect(page.getByTestId("empty")).toContainText("No runs match these filters");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(total).toContainText("of 52 runs");

  // Selecting runs: Compare needs two; "select all on page" takes the whole page.
  const compare = page.getByTestId("compare");
  await rows.first().getByTestId("select-run").check();
  await expect(compare).toHaveText("Compare (1)");
  await expect(compare).toHaveAttribute("aria-disabled", "true");
  await page.getByTestId("select-page").check();
  await expect(compare).toHaveText("Compare (50)");
  await expect(compare).toHaveAttribute("href", new RegExp(`^/projects/${project}/compare\\?runs=`));
});
