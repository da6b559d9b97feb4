import { request } from "@playwright/test";
import { expect, test } from "./team-fixtures";

test("a viewer signs in, sees no edit controls, and gets a 403 from the API when writing anyway", async ({ page, factory, people, signIn, baseURL }) => {
  const project = await factory.project();
  await factory.run(project, { name: "adamw-1e-3", points: { step: [0, 1, 2], values: { loss: [2, 1.5, 1.2] } } });
  const viewer = await people.make(project, "viewer");

  await signIn(page, viewer);
  await page.goto(`/projects/${project}`);
  await expect(page.getByTestId("run-row").getByText("adamw-1e-3")).toBeVisible();
  await expect(page.getByTestId("tab-members")).toBeVisible();
  await expect(page.getByTestId("tab-import")).toHaveCount(0);
  await expect(page.getByTestId("tab-keys")).toHaveCount(0);
  await page.goto(`/projects/${project}/import`);
  await expect(page.getByTestId("no-permission")).toBeVisible();
  await page.goto(`/projects/${project}/members`);
  await expect(page.getByTestId("members")).toContainText(viewer.email);
  await expect(page.getByTestId("add-member")).toHaveCount(0);

  // Trying anyway, with the browser's own session: refused, nothing written.
  const write = await page.request.post("/api/v1/runs", { data: { project, name: "sneaky" }, headers: { origin: baseURL! } });
  expect(write.status()).toBe(403);
  expect((await write.json()).error.code).toBe("permission_denied");
  const list = await page.request.get(`/api/v1/runs?project=${project}`);
  expect((await list.json()).runs.map((r: { name: string }) => r.name)).toEqual(["adamw-1e-3"]);
});

test("an owner creates an API key on the keys page and a script logs a run with it", async ({ page, factory, people, signIn, baseURL }) => {
  const project = await factory.project();
  const owner = await people.make(project, "owner");

  await signIn(page, owner);
  await page.goto(`/projects/${project}`);
  await page.getByTestId("tab-keys").click();
  await page.getByLabel("Name").fill("training cluster");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-key-value").textContent())!.trim();
  expect(key).toMatch(/^ank_/);
  await expect(page.getByTestId("keys")).toContainText("training cluster");

  // The training script: no browser, no cookies, just the key.
  const script = await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  const run = await script.post("/api/v1/runs", { data: { project, name: "from-the-cluster", config: { optimizer: "AdamW", lr: 1e-3 } } });
  expect(run.status()).toBe(201);
  const { id } = await run.json();
  expect((await script.post(`/api/v1/runs/${id}/metrics`, { data: { step: [0, 1], values: { loss: [1.0, 0.8], lr: [1e-3, 1e-3] } } })).status()).toBe(200);
  // The key is scoped to its project.
  expect((await script.post("/api/v1/runs", { data: { project: `${project}-other` } })).status()).toBe(403);
  await script.dispose();

  await page.goto(`/projects/${project}`);
  await expect(page.getByTestId("run-row").getByText("from-the-cluster")).toBeVisible();
  await page.goto(`/projects/${project}/keys`);
  await expect(page.getByTestId("keys")).not.toContainText("never");
});

test("pages need a session: an anonymous visitor is sent to sign in, and the API answers 401", async ({ page, baseURL }) => {
  await page.goto("/projects/anything");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprojects%2Fanything/);
  const anonymous = await request.newContext({ baseURL });
  expect((await anonymous.get("/api/v1/projects")).status()).toBe(401);
  expect((await anonymous.get("/api/v1/health")).status()).toBe(200);
  await anonymous.dispose();
});
