import type { Page } from "@playwright/test";
import { expect, test, type Factory } from "./fixtures";

// The runs table: pages, sort, filters, search and selection, all in the URL (a link reproduces the view).

/** Runs named `names` (AdamW ones tagged "seeds"), `finished` of them finished, the rest running. */
async function runsNamed(factory: Factory, names: string[], finished: string[]): Promise<string> {
  const project = await factory.project();
  for (let i = 0; i < names.length; i += 8) {
    await Promise.all(
      names.slice(i, i + 8).map((name) =>
        factory.run(project, {
          name,
          config: { optimizer: name.startsWith("adamw") ? "AdamW" : "SGD", lr: 0.01 },
          tags: name.startsWith("adamw") ? ["seeds"] : [],
          status: finished.includes(name) ? "finished" : undefined,
        }),
      ),
    );
  }
  return project;
}

const rows = (page: Page) => page.getByTestId("run-row");
const total = (page: Page) => page.getByTestId("runs-total");

test("more runs than a page: pages forward and back, sorts by a column, selects a whole page", async ({ page, factory }) => {
  const names = [...Array.from({ length: 50 }, (_, i) => `run-${String(i).padStart(2, "0")}`), "adamw-seed-a", "adamw-seed-b"];
  const project = await runsNamed(factory, names, []);
  await page.goto(`/projects/${project}`);
  await expect(total(page)).toContainText("1–50 of 52 runs");

  // The API's cursor is forward-only: the table keeps the earlier ones for "Prev".
  await page.getByTestId("page-next").click();
  await expect(total(page)).toContainText("51–52 of 52 runs");
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId("page-next")).toBeDisabled();
  await page.getByTestId("page-prev").click();
  await expect(total(page)).toContainText("1–50 of 52 runs");

  // Sort by name: A→Z first, then Z→A (the default order, which the link leaves out).
  await page.getByTestId("sort-name").click();
  await expect(page).toHaveURL(/sort=name&order=asc/);
  await expect(rows(page).first()).toContainText("adamw-seed-a");
  await page.getByTestId("sort-name").click();
  await expect(page).toHaveURL(/\?sort=name$/);
  await expect(rows(page).first()).toContainText("run-49");

  // Compare needs two runs; "select all on page" takes the page.
  const compare = page.getByTestId("compare");
  await rows(page).first().getByTestId("select-run").check();
  await expect(compare).toHaveText("Compare (1)");
  await expect(compare).toHaveAttribute("aria-disabled", "true");
  await page.getByTestId("select-page").check();
  await expect(compare).toHaveText("Compare (50)");
  await expect(compare).toHaveAttribute("href", new RegExp(`^/projects/${project}/compare\\?runs=`));
});

test("filters by status and tag, searches as you type, and the URL reproduces the view", async ({ page, factory }) => {
  const project = await runsNamed(factory, ["run-a", "run-b", "adamw-seed-a", "adamw-seed-b"], ["run-a", "adamw-seed-b"]);
  await page.goto(`/projects/${project}`);
  await expect(total(page)).toContainText("of 4 runs");

  await page.getByTestId("filter-status").selectOption("finished");
  await expect(page).toHaveURL(/status=finished/);
  await expect(rows(page)).toHaveCount(2);
  await page.getByTestId("filter-status").selectOption("");
  await page.getByTestId("filter-tag").fill("seeds");
  await expect(page).toHaveURL(/tag=seeds/);
  await expect(rows(page)).toHaveCount(2);
  await page.getByTestId("filter-tag").fill("");
  await expect(page).not.toHaveURL(/tag=/);
  await expect(rows(page)).toHaveCount(4);

  // Typed slower than the debounce: each pause reaches the URL while typing goes on, and no
  // keystroke typed meanwhile is lost.
  const search = page.getByTestId("filter-q");
  await search.pressSequentially("adamw", { delay: 350 });
  await expect(page).toHaveURL(/q=adamw/);
  await expect(search).toHaveValue("adamw");
  await expect(rows(page)).toHaveCount(2);

  await page.goto(page.url());
  await expect(search).toHaveValue("adamw");
  await expect(rows(page)).toHaveCount(2);

  // Nothing matches: say so, and offer to clear the filters.
  await search.fill("no-such-run");
  await expect(page.getByTestId("empty")).toContainText("No runs match these filters");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(total(page)).toContainText("of 4 runs");
  await expect(search).toHaveValue("");
});
