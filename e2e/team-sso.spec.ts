import { expect, test } from "./team-fixtures";

test("signs in with single sign-on through a real OpenID Connect provider and lands where it was going", async ({ page, factory, api }) => {
  const project = await factory.project();
  const email = `sso-${Date.now().toString(36)}@e2e.test`;
  await page.goto(`/projects/${project}`);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByRole("link", { name: "Sign in with Lab SSO" }).click();

  // The provider's own pages (oidc-provider's development sign-in and consent forms).
  await page.getByPlaceholder("Enter any login").fill(email);
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();

  // Back in Anneal, signed in as a new plain account: not a member of the project yet.
  await expect(page.getByTestId("user-menu")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/projects/${project}`));
  const me = await page.request.get("/api/v1/auth/session");
  expect((await me.json()).user).toMatchObject({ email, admin: false });
  const listed = await page.request.get("/api/v1/projects");
  expect((await listed.json()).projects).toEqual([]);

  // An owner adds the account; the same browser session now sees the project.
  expect((await api.post(`/api/v1/projects/${project}/members`, { data: { email, role: "viewer" } })).status()).toBe(201);
  await page.reload();
  expect(((await (await page.request.get("/api/v1/projects")).json()).projects as { slug: string }[]).map((p) => p.slug)).toEqual([project]);
});
