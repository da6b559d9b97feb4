import type { Page } from "@playwright/test";
import { expect, test } from "./team-fixtures";

/** Waits until the page knows the signed-in person's role, so "no such control" is not checked too early. */
const roleKnown = (page: Page, role: string) => expect(page.getByRole("navigation", { name: "Project" })).toHaveAttribute("data-role", role);

/**
 * Team review with real roles (the team-mode server): an editor reviews, a viewer follows live,
 * comments, and gets no control (and no API write) beyond commenting.
 */

test("an editor's comment on the mIoU chart and approval appear live on a viewer's open pages; the viewer replies but cannot set a status", async ({
  browser,
  factory,
  people,
  signIn,
  baseURL,
}) => {
  // Two people, three pages, on a machine shared with other suites: more than the default minute.
  test.setTimeout(150_000);
  const project = await factory.project();
  const [run, other] = await factory.exampleRuns(project, ["adamw-1e-3-cosine-s0", "sgd-5e-2-poly-s0"]);
  const editor = await people.make(project, "editor");
  const viewer = await people.make(project, "viewer");

  const editorContext = await browser.newContext({ baseURL });
  const viewerContext = await browser.newContext({ baseURL });
  const e = await editorContext.newPage();
  const v = await viewerContext.newPage();
  await signIn(e, editor);
  await signIn(v, viewer);
  const vRuns = await viewerContext.newPage();

  // The viewer has the run page and the runs table open before anything happens.
  await v.goto(run.path);
  await vRuns.goto(`/projects/${project}`);
  await expect(v.getByTestId("live")).toHaveAttribute("data-connected", "true");
  await expect(vRuns.getByTestId("live")).toHaveAttribute("data-connected", "true");
  await expect(v.getByTestId("chart-mIoU")).toHaveAttribute("data-state", "ready");
  await expect(v.getByTestId("chart-marker")).toHaveCount(0);
  // A viewer comments, and sees no review, tag or notes control.
  await roleKnown(v, "viewer");
  await expect(v.getByTestId("comment-form")).toBeVisible();
  await expect(v.getByTestId("review-select")).toHaveCount(0);
  await expect(v.getByTestId("edit-tags")).toHaveCount(0);
  await expect(v.getByTestId("edit-notes")).toHaveCount(0);

  // The editor comments on the mIoU curve at step 400 and approves the run.
  await e.goto(run.path);
  const form = e.getByTestId("comment-form");
  await form.getByTestId("anchor-key").selectOption("mIoU");
  await form.getByTestId("anchor-x").fill("400");
  await form.getByRole("textbox", { name: "New comment" }).fill("Plateau from here — **cut the LR** at step 400?");
  await form.getByRole("button", { name: "Comment" }).click();
  await expect(e.getByTestId("thread")).toHaveCount(1);
  await e.getByTestId("review-select").selectOption("approved");
  await expect(e.getByTestId("review-badge")).toHaveAttribute("data-review", "approved");

  // The viewer's open pages show the marker, the thread and the badge without reloading.
  const marker = v.getByTestId("chart-marker");
  await expect(marker).toHaveCount(1);
  await expect(marker).toHaveAttribute("title", /at step 400: Plateau from here/);
  await expect(v.getByTestId("thread").locator("strong")).toHaveText("cut the LR");
  await expect(v.getByTestId("review-badge")).toHaveAttribute("data-review", "approved");
  await expect(vRuns.getByRole("row").filter({ hasText: run.name }).getByTestId("review-badge")).toHaveAttribute("data-review", "approved");
  await expect(vRuns.getByRole("row").filter({ hasText: other.name }).getByTestId("review-badge")).toHaveCount(0);
  // Still no status control for the viewer after the live update.
  await expect(v.getByTestId("review-select")).toHaveCount(0);

  // The viewer replies from the marker's thread; the editor sees the reply.
  await marker.click();
  await expect(v.getByTestId("thread")).toHaveAttribute("data-focused", "true");
  await v.getByTestId("reply").click();
  await v.getByRole("textbox", { name: "Reply" }).fill("Agreed, rerun with a step at 400");
  await v.getByRole("button", { name: "Reply" }).click();
  await expect(e.getByTestId("thread").getByTestId("comment")).toHaveCount(2);
  await expect(e.getByTestId("thread")).toContainText("Agreed, rerun with a step at 400");

  // Trying anyway with the viewer's own session: refused, and the run keeps the editor's status.
  const refused = await v.request.patch(`/api/v1/runs/${run.id}`, { data: { review: "rejected" }, headers: { origin: baseURL! } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("permission_denied");
  const now = await v.request.get(`/api/v1/runs/${run.id}`);
  expect(((await now.json()) as { review: string | null }).review).toBe("approved");

  await editorContext.close();
  await viewerContext.close();
});

test("review controls by role: a viewer gets no bulk actions, Save comparison or alert controls; an editor gets them all", async ({
  browser,
  factory,
  people,
  signIn,
  baseURL,
  api,
}) => {
  test.setTimeout(120_000);
  const project = await factory.project();
  const [a, b] = await factory.exampleRuns(project, ["adamw-1e-3-cosine-s0", "sgd-5e-2-poly-s0"]);
  const alert = await api.post(`/api/v1/projects/${project}/alerts`, { data: { name: "NaN watch", url: "https://hooks.example.com/anneal", rules: ["nan"] } });
  expect(alert.status(), await alert.text()).toBe(201);
  const compare = `/projects/${project}/compare?runs=${a.id},${b.id}`;

  for (const role of ["viewer", "editor"] as const) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await signIn(page, await people.make(project, role));
    const can = role === "editor" ? 1 : 0;

    await page.goto(`/projects/${project}`);
    await roleKnown(page, role);
    await page.getByRole("checkbox", { name: `Select ${a.name}` }).check();
    await page.getByRole("checkbox", { name: `Select ${b.name}` }).check();
    // Selecting to compare is everyone's; changing the selection in bulk is editors'.
    await expect(page.getByTestId("compare")).toHaveText("Compare (2)");
    await expect(page.getByTestId("bulk-actions")).toHaveCount(can);

    await page.goto(compare);
    await roleKnown(page, role);
    await expect(page.getByTestId("verdict")).toBeVisible();
    await expect(page.getByTestId("pin-baseline")).toBeVisible();
    await expect(page.getByTestId("save-comparison")).toHaveCount(can);

    await page.goto(`/projects/${project}/alerts`);
    await roleKnown(page, role);
    await expect(page.getByTestId("alert")).toContainText("NaN watch");
    await expect(page.getByTestId("deliveries")).toBeVisible();
    await expect(page.getByTestId("new-alert")).toHaveCount(can);
    await expect(page.getByTestId("alert").getByRole("button", { name: "Send test" })).toHaveCount(can);

    // The API agrees with what the page shows.
    const save = await page.request.post(`/api/v1/projects/${project}/comparisons`, {
      data: { name: `${role}'s comparison`, state: `runs=${a.id},${b.id}` },
      headers: { origin: baseURL! },
    });
    expect(save.status()).toBe(role === "editor" ? 201 : 403);
    await context.close();
  }
});
