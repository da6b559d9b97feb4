import { expect, request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import { test as base } from "./fixtures";

/**
 * Team-mode fixtures (the "team" Playwright project's server runs with ANNEAL_MODE=team and this
 * admin, created at start). `api` is overridden with the admin's session, so the factories of
 * e2e/fixtures.ts write as the admin; `people.make(role)` makes an account with that role in a
 * project; `signIn(page, who)` signs a browser in through the sign-in page.
 */
export const TEAM_ADMIN = { email: "admin@e2e.test", password: "admin passphrase e2e" };
export const PASSWORD = "member passphrase e2e";

export interface Person {
  email: string;
  password: string;
}

interface TeamFixtures {
  people: { make(project: string, role: "owner" | "editor" | "viewer"): Promise<Person> };
  signIn: (page: Page, who: Person) => Promise<void>;
}

/** A request context signed in as `who` (cookies kept; its writes carry this server's Origin, as a browser's do). */
export async function sessionContext(baseURL: string, who: Person): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const res = await ctx.post("/api/v1/auth/login", { data: who });
  expect(res.status(), `sign-in of ${who.email}: ${await res.text()}`).toBe(200);
  return ctx;
}

let sequence = 0;

export const test = base.extend<TeamFixtures>({
  api: async ({ baseURL }, provide) => {
    const ctx = await sessionContext(baseURL!, TEAM_ADMIN);
    await provide(ctx);
    await ctx.dispose();
  },
  people: async ({ api }, provide, testInfo) => {
    await provide({
      async make(project, role) {
        const who = { email: `${role}-w${testInfo.workerIndex}-${Date.now().toString(36)}-${sequence++}@e2e.test`, password: PASSWORD };
        const created = await api.post("/api/v1/admin/users", { data: { ...who, name: role } });
        expect(created.status(), await created.text()).toBe(201);
        const added = await api.post(`/api/v1/projects/${project}/members`, { data: { email: who.email, role } });
        expect(added.status(), await added.text()).toBe(201);
        return who;
      },
    });
  },
  signIn: async ({}, provide) => {
    await provide(async (page, who) => {
      await page.goto("/");
      await expect(page).toHaveURL(/\/sign-in/);
      await page.getByLabel("Email").fill(who.email);
      await page.getByLabel("Password").fill(who.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByTestId("user-menu")).toBeVisible();
    });
  },
});

export { expect };
