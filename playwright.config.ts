import { defineConfig, devices } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { TEAM_ADMIN } from "./e2e/team-fixtures";

// The suite runs the built app (npm run build first) on a fresh embedded database in a temp folder.
// Every test makes its own data (e2e/fixtures.ts), so tests run in parallel: E2E_WORKERS of them
// at once (default 2, what a 2-core machine runs without starving the server).
const PORT = Number(process.env.E2E_PORT ?? 3210);
const WORKERS = Number(process.env.E2E_WORKERS ?? 2);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anneal-e2e-"));
const TEAM_PORT = PORT + 1;
const teamDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anneal-e2e-team-"));
// A real OpenID Connect provider for the team server's single sign-on (tests/oidc/serve.ts).
// (PORT + 2 and + 3 are e2e/team-instances.spec.ts's two servers.)
const OIDC_PORT = PORT + 4;
const OIDC = { OIDC_CLIENT_ID: "anneal-e2e", OIDC_CLIENT_SECRET: "anneal-e2e-secret-0123456789" };

/** Playwright's own Chromium where it is installed; otherwise the system one (Debian's package). */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (fs.existsSync(chromium.executablePath())) return undefined;
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => fs.existsSync(p));
}

const browser = { ...devices["Desktop Chrome"], viewport: { width: 1400, height: 1000 } };

export default defineConfig({
  testDir: "e2e",
  // Budgets for the machine CI shares: 2 cores at load 10-30 (other suites, builds, benchmarks).
  // There a compare page's first verdict took 12-20 s and a test of three compare views over a
  // minute (e2e/review.spec.ts, 2026-12 at load ~16), all of it CPU wait: at 15 s / 60 s, 3 of 4
  // runs of that test failed with every state right. Every wait is on a state, so a larger budget
  // only delays a real failure; it never hides one.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: true,
  workers: WORKERS,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["json", { outputFile: ".test-summary/e2e.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    timezoneId: "UTC",
    locale: "en-US",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    // The first visit to an empty install: it must see the server before any other test writes to it.
    { name: "first-run", testMatch: "first-run.spec.ts", use: browser },
    { name: "chromium", testIgnore: ["first-run.spec.ts", "team-*.spec.ts"], dependencies: ["first-run"], use: browser },
    // A second server in team mode (accounts, roles, keys): specs named team-*.spec.ts.
    { name: "team", testMatch: "team-*.spec.ts", use: { ...browser, baseURL: `http://127.0.0.1:${TEAM_PORT}` } },
  ],
  webServer: [
    {
      command: "npx tsx tests/oidc/serve.ts",
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { ...OIDC, OIDC_PORT: String(OIDC_PORT), OIDC_REDIRECT_URI: `http://127.0.0.1:${TEAM_PORT}/api/v1/auth/callback/oidc` },
    },
    {
      command: `npx next start -H 127.0.0.1 -p ${PORT}`,
      url: `http://127.0.0.1:${PORT}/api/v1/projects`,
      timeout: 120_000,
      reuseExistingServer: false,
      // Every answer checked against its route's response schema, as in the integration suite: a
      // page reading an undocumented or mistyped field fails here rather than in production.
      env: {
        ANNEAL_DATA_DIR: dataDir,
        HOST: "127.0.0.1",
        PORT: String(PORT),
        DATABASE_URL: "",
        ANNEAL_CRASH_AFTER_SECONDS: "600",
        ANNEAL_CHECK_RESPONSES: "1",
      },
      stdout: "pipe",
    },
    {
      command: `npx next start -H 127.0.0.1 -p ${TEAM_PORT}`,
      url: `http://127.0.0.1:${TEAM_PORT}/api/v1/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: {
        ANNEAL_DATA_DIR: teamDataDir,
        HOST: "127.0.0.1",
        PORT: String(TEAM_PORT),
        DATABASE_URL: "",
        ANNEAL_MODE: "team",
        ANNEAL_ADMIN_EMAIL: TEAM_ADMIN.email,
        ANNEAL_ADMIN_PASSWORD: TEAM_ADMIN.password,
        ANNEAL_OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        ANNEAL_OIDC_CLIENT_ID: OIDC.OIDC_CLIENT_ID,
        ANNEAL_OIDC_CLIENT_SECRET: OIDC.OIDC_CLIENT_SECRET,
        ANNEAL_OIDC_NAME: "Lab SSO",
        ANNEAL_CHECK_RESPONSES: "1",
      },
      stdout: "pipe",
    },
  ],
});
